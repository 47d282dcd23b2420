// SPDX-License-Identifier: MIT
//
// sd_notify.cc - one datagram to the service manager's notification socket.
//
// systemd (Type=notify) hands a service the address of an AF_UNIX datagram socket in
// $NOTIFY_SOCKET: a filesystem path ("/run/systemd/notify") or an abstract name written with a
// leading '@' ("@/org/freedesktop/systemd1/notify/..."). Node's dgram module speaks only UDP, so
// this is the one piece of the protocol that needs C++. Everything else (the KEY=VALUE lines,
// when to send them, the watchdog timer) is TypeScript: src/daemon/sd-notify.ts.
//
// JavaScript surface (typed in src/native/loader.ts):
//
//   sdNotify(address: string, message: Uint8Array): number
//
// Returns the number of bytes sent, or a NEGATIVE errno when the address is unusable or the send
// failed - the convention of libsystemd's own sd_notify(3), which callers treat as "log it and go
// on", never as fatal. TypeScript turns a negative result into a Node-style error. Arguments of the
// wrong type throw a TypeError.
//
// Each call opens a socket, sends and closes it: notifications are rare (start, reload, a status
// change, a watchdog ping every few seconds), and a fresh socket cannot be left pointing at a
// service manager that was re-executed.

#include <napi.h>

#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <string>

namespace devlink_ts {

namespace {

// Fills `address` from $NOTIFY_SOCKET's syntax; returns the address length or a negative errno.
// An abstract name has no terminating NUL: its length is exactly the name's ('@' becomes '\0').
// Other forms systemd knows (vsock:...) are refused with -EAFNOSUPPORT.
int FillAddress(const std::string &text, struct sockaddr_un *address)
{
	memset(address, 0, sizeof(*address));
	address->sun_family = AF_UNIX;
	if (text.size() < 2 || (text[0] != '/' && text[0] != '@'))
		return -EAFNOSUPPORT;
	if (text.find('\0') != std::string::npos)
		return -EINVAL;
	// A path needs room for its NUL; an abstract name does not.
	size_t room = sizeof(address->sun_path) - (text[0] == '/' ? 1 : 0);
	if (text.size() > room)
		return -EINVAL;
	memcpy(address->sun_path, text.data(), text.size());
	if (text[0] == '@') {
		address->sun_path[0] = '\0';
		return static_cast<int>(offsetof(struct sockaddr_un, sun_path) + text.size());
	}
	return static_cast<int>(offsetof(struct sockaddr_un, sun_path) + text.size() + 1);
}

Napi::Value SdNotify(const Napi::CallbackInfo &info)
{
	Napi::Env env = info.Env();

	if (info.Length() < 2 || !info[0].IsString() || !info[1].IsTypedArray())
		throw Napi::TypeError::New(env, "sdNotify(address: string, message: Uint8Array)");
	std::string text = info[0].As<Napi::String>().Utf8Value();
	Napi::Uint8Array message = info[1].As<Napi::Uint8Array>();

	struct sockaddr_un address;
	int length = FillAddress(text, &address);
	if (length < 0)
		return Napi::Number::New(env, length);

	int fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return Napi::Number::New(env, -errno);
	ssize_t sent;
	do
		sent = ::sendto(fd, message.Data(), message.ByteLength(), MSG_NOSIGNAL,
				reinterpret_cast<struct sockaddr *>(&address), static_cast<socklen_t>(length));
	while (sent < 0 && errno == EINTR);
	int err = sent < 0 ? errno : 0;
	::close(fd);
	return Napi::Number::New(env, sent < 0 ? -err : static_cast<double>(sent));
}

} // namespace

// Adds sdNotify to the addon's exports (called from the module's Init in netlink_socket.cc).
void RegisterSdNotify(Napi::Env env, Napi::Object exports)
{
	exports.Set("sdNotify", Napi::Function::New(env, SdNotify, "sdNotify"));
}

} // namespace devlink_ts
