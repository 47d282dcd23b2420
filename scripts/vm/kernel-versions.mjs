// Picks the newest Debian 6.12 kernel for which every package the test bed needs exists at the
// same version: the source (netdevsim), the image, its headers, the common headers and kbuild.
import { aptUpdateOnce, availableVersions, packageNamesStartingWith } from './apt.mjs';

const SOURCE_PACKAGE = 'linux-source-6.12';

/**
 * The kernel the VM boots, as apt names it. `krel` is the release string (`uname -r`), e.g.
 * `6.12.117+deb12-amd64`; `abi` drops the flavour (`6.12.117+deb12`); `version` is the Debian
 * package version shared by all five packages.
 * @returns {{ version: string, krel: string, abi: string, packages: Record<string, string> }}
 */
export function pickKernel() {
  let found = search();
  if (!found && aptUpdateOnce()) found = search();
  if (!found) {
    throw new Error(
      `no version of ${SOURCE_PACKAGE} has a matching linux-image-*-amd64-unsigned, linux-headers and ` +
        'linux-kbuild in apt (is the bookworm-security suite in the apt sources?)',
    );
  }
  return found;
}

function search() {
  const sourceVersions = availableVersions([SOURCE_PACKAGE]).get(SOURCE_PACKAGE) ?? [];
  const images = packageNamesStartingWith('linux-image-6.12.').filter(
    (n) => /^linux-image-[^-]+-amd64-unsigned$/.test(n), // the plain amd64 flavour, not cloud/rt
  );
  const candidates = images.map((image) => {
    const krel = image.slice('linux-image-'.length, -'-unsigned'.length);
    const abi = krel.slice(0, -'-amd64'.length);
    return {
      krel,
      abi,
      packages: {
        source: SOURCE_PACKAGE,
        image,
        headers: `linux-headers-${krel}`,
        headersCommon: `linux-headers-${abi}-common`,
        kbuild: `linux-kbuild-${abi}`,
      },
    };
  });
  const versions = availableVersions(candidates.flatMap((c) => Object.values(c.packages)));
  for (const version of sourceVersions) {
    const upstream = version.split('-')[0]; // 6.12.117-1~deb12u1 -> 6.12.117
    for (const c of candidates.filter((x) => x.krel.startsWith(`${upstream}+`)).sort()) {
      if (Object.values(c.packages).every((p) => versions.get(p)?.includes(version))) {
        return { version, ...c };
      }
    }
  }
  return undefined;
}
