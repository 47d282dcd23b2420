#!/bin/busybox sh
# /init of the VM's initramfs (busybox only). Loads the modules listed in /modules/order, mounts
# the host's / read-only over 9p under a tmpfs overlay, and runs /io/cmd.sh chrooted into it.
# /dev/console is the kernel log (ttyS1, a file on the host); the command's output goes to ttyS0,
# which qemu streams to the host's stdout. Results come back through the writable 9p share "io".
/bin/busybox --install -s /bin
export PATH=/bin

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev

fail() {
  echo "devlink-ts-vm: $*" > /dev/console
  echo "devlink-ts-vm: $*" > /dev/ttyS0
  grep -q " /io " /proc/mounts && echo "$*" > /io/setup-error
  sync
  reboot -f
}

while read -r module kind; do
  if ! insmod "/modules/$module.ko" 2> /tmp/insmod.err; then
    [ "$kind" = optional ] || fail "insmod $module failed: $(cat /tmp/insmod.err)"
    echo "devlink-ts-vm: WARNING: test module $module did not load: $(cat /tmp/insmod.err)" > /dev/ttyS0
  fi
done < /modules/order

mkdir -p /host /io /ovl /newroot
mount -t 9p -o trans=virtio,version=9p2000.L,msize=512000 io /io || fail "mounting the io share failed"
mount -t 9p -o trans=virtio,version=9p2000.L,cache=loose,msize=512000,ro hostroot /host || fail "mounting the host root over 9p failed"
mount -t tmpfs -o mode=755 tmpfs /ovl || fail "tmpfs for the overlay failed"
mkdir -p /ovl/upper /ovl/work
mount -t overlay overlay -o lowerdir=/host,upperdir=/ovl/upper,workdir=/ovl/work /newroot || fail "overlay mount failed"

R=/newroot
mount -t proc proc $R/proc
mount -t sysfs sysfs $R/sys
mount -t devtmpfs devtmpfs $R/dev
mkdir -p $R/dev/pts $R/dev/shm
mount -t devpts -o newinstance,ptmxmode=0666 devpts $R/dev/pts
mount -t tmpfs tmpfs $R/dev/shm
mount -t debugfs debugfs $R/sys/kernel/debug
# Host folders under /tmp or /run that the guest needs (the project, the cache; /io/keep-paths,
# parents first) are set aside before the fresh tmpfs hides them and bound back at their own path.
mkdir -p /keep
i=0
while read -r path; do
  mkdir -p /keep/$i && mount --bind "$R$path" /keep/$i || fail "cannot keep $path visible in the guest"
  i=$((i + 1))
done < /io/keep-paths
mount -t tmpfs -o mode=755 tmpfs $R/run
mount -t tmpfs -o mode=1777 tmpfs $R/tmp
i=0
while read -r path; do
  mkdir -p "$R$path" && mount --bind /keep/$i "$R$path" || fail "cannot bind $path back in the guest"
  i=$((i + 1))
done < /io/keep-paths
mkdir -p $R/run/devlink-ts-vm
mount --bind /io $R/run/devlink-ts-vm || fail "binding the io share into the new root failed"
hostname devlink-ts-vm
ip link set lo up 2>/dev/null

stty -F /dev/ttyS0 raw -echo 2>/dev/null
chroot $R /bin/sh /run/devlink-ts-vm/cmd.sh < /dev/null 2>&1 | cat > /dev/ttyS0

dmesg > /io/dmesg
sync
reboot -f
