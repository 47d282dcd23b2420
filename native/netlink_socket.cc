// SPDX-License-Identifier: MIT
//
// netlink_socket.cc - a thin N-API wrapper around one AF_NETLINK socket.
//
// This file only moves bytes: it opens, binds, sets options, sends and receives whole datagrams,
// and tells JavaScript when the socket is readable. All parsing lives in TypeScript.
//
// JavaScript surface (typed in src/native/loader.ts):
//
//   new NetlinkSocket(protocol: number, netns?: string)
//   .portId                 nl_pid the kernel assigned at bind time
//   .closed                 true after close()
//   .setOption(level, name, value: int)
//   .send(bytes: Uint8Array): number
//   .recv(): Buffer | null  one whole datagram, null when nothing is queued (EAGAIN); one recvmsg
//                          into a 64 KiB buffer (a datagram that did not fit is lost: EMSGSIZE)
//   .start(onReadable: (error?: Error) => void) / .stop()
//   .ref() / .unref()       keep / stop keeping the event loop alive while started
//   .close()                idempotent
//
// Errors: Node's convention for system errors, as in fs and net: `errno` is the NEGATIVE errno
// (libuv style, e.g. -93), `code` is its name ('EPROTONOSUPPORT'), `syscall` names the call that
// failed ('socket'), `path` is set when a file was involved. The message reads
// "<syscall>[ <path>]: <strerror text>", e.g. "socket: Protocol not supported".
//
// Lifetimes, in short:
//   * The uv_poll_t is heap-allocated and freed only in its uv_close callback, because libuv
//     still owns the memory until then; the C++ object may already be gone at that point.
//   * The fd is closed right after uv_close(): uv_close stops the poll synchronously, so libuv
//     never watches a closed (or reused) fd number.
//   * While started, the JS object holds a strong reference to itself, so it cannot be collected
//     while the kernel may still deliver to it; stop() and close() drop that reference.
//   * The destructor (run when the JS object is collected) does the same work as close().

#include <napi.h>
#include <uv.h>

#include <errno.h>
#include <fcntl.h>
#include <linux/netlink.h>
#include <sched.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <memory>
#include <string>
#include <vector>

namespace devlink_ts {
// native/sd_notify.cc: the systemd notification function, exported beside NetlinkSocket.
void RegisterSdNotify(Napi::Env env, Napi::Object exports);
}

namespace {

const char kNetnsDirectory[] = "/var/run/netns/";
const char kOwnNetns[] = "/proc/thread-self/ns/net";

// Builds a Node-style system error (see the header comment for the convention).
Napi::Error ErrnoError(Napi::Env env, int err, const char *syscall, const std::string &path = "")
{
	char name[64];

	std::string message = syscall;
	if (!path.empty())
		message += " " + path;
	message += ": ";
	message += strerror(err);

	Napi::Error error = Napi::Error::New(env, message);
	uv_err_name_r(-err, name, sizeof(name));
	error.Set("errno", Napi::Number::New(env, -err));
	error.Set("code", Napi::String::New(env, name));
	error.Set("syscall", Napi::String::New(env, syscall));
	if (!path.empty())
		error.Set("path", Napi::String::New(env, path));
	return error;
}

// Closes an fd when it goes out of scope, unless release()d. Keeps the error paths short.
class FdGuard {
public:
	explicit FdGuard(int fd) : fd_(fd) {}
	~FdGuard() { if (fd_ >= 0) ::close(fd_); }
	FdGuard(const FdGuard &) = delete;
	FdGuard &operator=(const FdGuard &) = delete;
	int get() const { return fd_; }
	int release() { int fd = fd_; fd_ = -1; return fd; }
private:
	int fd_;
};

// "red" -> /var/run/netns/red; absolute paths are used as given. A relative name with a slash,
// or "." / "..", would escape the netns directory, so it is refused.
std::string NetnsPath(Napi::Env env, const std::string &netns)
{
	if (!netns.empty() && netns[0] == '/')
		return netns;
	if (netns.empty() || netns == "." || netns == ".." || netns.find('/') != std::string::npos)
		throw Napi::TypeError::New(env, "netns must be an absolute path or a name under " +
					   std::string(kNetnsDirectory) + ", got \"" + netns + "\"");
	return kNetnsDirectory + netns;
}

// Creates the socket inside the namespace at `path`, on the calling thread: setns there, socket(),
// setns back. setns(CLONE_NEWNET) affects only this thread, and a socket stays in the namespace it
// was created in, so only socket() itself runs over there; bind and options follow back home.
int SocketInNamespace(Napi::Env env, int protocol, const std::string &path)
{
	FdGuard target(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
	if (target.get() < 0)
		throw ErrnoError(env, errno, "open", path);

	FdGuard home(::open(kOwnNetns, O_RDONLY | O_CLOEXEC));
	if (home.get() < 0)
		throw ErrnoError(env, errno, "open", kOwnNetns);

	if (::setns(target.get(), CLONE_NEWNET) < 0)
		throw ErrnoError(env, errno, "setns", path);

	int fd = ::socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, protocol);
	int socket_errno = errno;

	// Going home cannot reasonably fail (we hold an fd to the namespace we came from and had the
	// privilege to leave it). If it does, the main thread would keep running in a foreign
	// namespace, silently affecting every later socket and child process: stop the process.
	if (::setns(home.get(), CLONE_NEWNET) < 0)
		Napi::Error::Fatal("netlink_socket", "setns back to the original network namespace failed");

	if (fd < 0)
		throw ErrnoError(env, socket_errno, "socket");
	return fd;
}

class NetlinkSocket : public Napi::ObjectWrap<NetlinkSocket> {
public:
	static Napi::Function Define(Napi::Env env)
	{
		return DefineClass(env, "NetlinkSocket", {
			InstanceAccessor<&NetlinkSocket::PortId>("portId"),
			InstanceAccessor<&NetlinkSocket::Closed>("closed"),
			InstanceMethod<&NetlinkSocket::SetOption>("setOption"),
			InstanceMethod<&NetlinkSocket::Send>("send"),
			InstanceMethod<&NetlinkSocket::Recv>("recv"),
			InstanceMethod<&NetlinkSocket::Start>("start"),
			InstanceMethod<&NetlinkSocket::Stop>("stop"),
			InstanceMethod<&NetlinkSocket::Ref>("ref"),
			InstanceMethod<&NetlinkSocket::Unref>("unref"),
			InstanceMethod<&NetlinkSocket::Close>("close"),
		});
	}

	// If this throws, node-addon-api frees the half-built object without running the
	// destructor; fd_ is only assigned once nothing can fail any more.
	explicit NetlinkSocket(const Napi::CallbackInfo &info) : Napi::ObjectWrap<NetlinkSocket>(info)
	{
		Napi::Env env = info.Env();

		if (!info[0].IsNumber() || info[0].As<Napi::Number>().DoubleValue() !=
		    info[0].As<Napi::Number>().Int32Value() || info[0].As<Napi::Number>().Int32Value() < 0)
			throw Napi::TypeError::New(env, "protocol must be a non-negative integer, got " +
						   info[0].ToString().Utf8Value());
		int protocol = info[0].As<Napi::Number>().Int32Value();

		int raw_fd;
		if (info.Length() > 1 && !info[1].IsUndefined() && !info[1].IsNull()) {
			if (!info[1].IsString())
				throw Napi::TypeError::New(env, "netns must be a string, got " +
							   info[1].ToString().Utf8Value());
			raw_fd = SocketInNamespace(env, protocol,
						   NetnsPath(env, info[1].As<Napi::String>().Utf8Value()));
		} else {
			raw_fd = ::socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, protocol);
			if (raw_fd < 0)
				throw ErrnoError(env, errno, "socket");
		}
		FdGuard fd(raw_fd);

		// nl_pid 0: the kernel picks a unique port id for us.
		struct sockaddr_nl addr = {};
		addr.nl_family = AF_NETLINK;
		if (::bind(fd.get(), reinterpret_cast<struct sockaddr *>(&addr), sizeof(addr)) < 0)
			throw ErrnoError(env, errno, "bind");

		socklen_t len = sizeof(addr);
		if (::getsockname(fd.get(), reinterpret_cast<struct sockaddr *>(&addr), &len) < 0)
			throw ErrnoError(env, errno, "getsockname");

		port_id_ = addr.nl_pid;
		fd_ = fd.release();
	}

	~NetlinkSocket() override
	{
		// Collected by the GC (or torn down with the environment). No JS may run here.
		// An async context still alive at this point belongs to an environment being torn
		// down; destroying it now would call into a dying runtime, so it is let go.
		(void)async_context_.release();
		Release();
	}

private:
	Napi::Value PortId(const Napi::CallbackInfo &info)
	{
		return Napi::Number::New(info.Env(), port_id_);
	}

	Napi::Value Closed(const Napi::CallbackInfo &info)
	{
		return Napi::Boolean::New(info.Env(), fd_ < 0);
	}

	void EnsureOpen(Napi::Env env, const char *syscall)
	{
		if (fd_ >= 0)
			return;
		Napi::Error error = Napi::Error::New(env, std::string(syscall) +
						     ": netlink socket is closed");
		error.Set("errno", Napi::Number::New(env, -EBADF));
		error.Set("code", Napi::String::New(env, "EBADF"));
		error.Set("syscall", Napi::String::New(env, syscall));
		throw error;
	}

	static int IntArgument(const Napi::CallbackInfo &info, size_t index, const char *what)
	{
		Napi::Value value = info[index];
		if (!value.IsNumber() ||
		    value.As<Napi::Number>().DoubleValue() != value.As<Napi::Number>().Int32Value())
			throw Napi::TypeError::New(info.Env(), std::string(what) +
						   " must be a 32-bit integer, got " +
						   value.ToString().Utf8Value());
		return value.As<Napi::Number>().Int32Value();
	}

	void SetOption(const Napi::CallbackInfo &info)
	{
		int level = IntArgument(info, 0, "level");
		int name = IntArgument(info, 1, "option name");
		int value = IntArgument(info, 2, "option value");

		EnsureOpen(info.Env(), "setsockopt");
		if (::setsockopt(fd_, level, name, &value, sizeof(value)) < 0)
			throw ErrnoError(info.Env(), errno, "setsockopt");
	}

	Napi::Value Send(const Napi::CallbackInfo &info)
	{
		Napi::Env env = info.Env();

		if (!info[0].IsTypedArray() ||
		    info[0].As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array)
			throw Napi::TypeError::New(env, "send expects a Uint8Array or Buffer");
		Napi::Uint8Array bytes = info[0].As<Napi::Uint8Array>();

		EnsureOpen(env, "sendto");
		struct sockaddr_nl kernel = {};
		kernel.nl_family = AF_NETLINK;	// nl_pid 0, no groups: the kernel
		ssize_t sent = ::sendto(fd_, bytes.Data(), bytes.ByteLength(), 0,
					reinterpret_cast<struct sockaddr *>(&kernel), sizeof(kernel));
		if (sent < 0)
			throw ErrnoError(env, errno, "sendto");
		return Napi::Number::New(env, static_cast<double>(sent));
	}

	// One whole datagram, with one system call: recvmsg into a buffer kept for the socket's
	// life, large enough for anything the kernel sends (its dump messages are at most 32 KiB),
	// then copied out at its exact size. Why not MSG_PEEK|MSG_TRUNC to learn the size first:
	// that is a second system call per datagram, and a read with a buffer this large also lets
	// the kernel fill dump messages up to 32 KiB (it sizes them from the reader's buffer), so a
	// dump of 1024 ports is a handful of datagrams rather than dozens.
	// Should a datagram still not fit, it is lost (the kernel consumed it): that is reported as
	// EMSGSIZE, like any lost message, never handed on cut; the buffer grows to the size the
	// kernel reported (MSG_TRUNC) for the next one.
	// A pending socket error (ENOBUFS after an overrun) is reported once by the kernel and then
	// cleared, so the caller can report it and simply read on.
	Napi::Value Recv(const Napi::CallbackInfo &info)
	{
		Napi::Env env = info.Env();

		EnsureOpen(env, "recvmsg");
		if (receive_buffer_.empty())
			receive_buffer_.resize(kReceiveBufferBytes);
		struct iovec iov = { receive_buffer_.data(), receive_buffer_.size() };
		struct sockaddr_nl from = {};
		struct msghdr msg = {};
		msg.msg_name = &from;
		msg.msg_namelen = sizeof(from);
		msg.msg_iov = &iov;
		msg.msg_iovlen = 1;

		ssize_t got;
		do
			got = ::recvmsg(fd_, &msg, MSG_DONTWAIT | MSG_TRUNC);
		while (got < 0 && errno == EINTR);
		if (got < 0) {
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return env.Null();
			throw ErrnoError(env, errno, "recvmsg");
		}
		size_t size = static_cast<size_t>(got);
		if ((msg.msg_flags & MSG_TRUNC) || size > receive_buffer_.size()) {
			receive_buffer_.resize(size);
			throw ErrnoError(env, EMSGSIZE, "recvmsg");
		}
		return Napi::Buffer<uint8_t>::Copy(env, receive_buffer_.data(), size);
	}

	void Start(const Napi::CallbackInfo &info)
	{
		Napi::Env env = info.Env();

		if (!info[0].IsFunction())
			throw Napi::TypeError::New(env, "start expects a callback function");
		EnsureOpen(env, "start");

		if (!poll_) {
			uv_loop_t *loop = nullptr;
			if (napi_get_uv_event_loop(env, &loop) != napi_ok)
				throw Napi::Error::New(env, "start: no libuv event loop");
			auto poll = std::make_unique<uv_poll_t>();
			int rc = uv_poll_init(loop, poll.get(), fd_);
			if (rc < 0)
				throw ErrnoError(env, -rc, "uv_poll_init");
			poll_ = poll.release();
			poll_->data = this;
			if (!refed_)
				uv_unref(reinterpret_cast<uv_handle_t *>(poll_));
		}

		int rc = uv_poll_start(poll_, UV_READABLE, OnPoll);
		if (rc < 0)
			throw ErrnoError(env, -rc, "uv_poll_start");

		callback_ = Napi::Persistent(info[0].As<Napi::Function>());
		if (!async_context_)
			async_context_ = std::make_unique<Napi::AsyncContext>(env, "NetlinkSocket");
		// Strong self-reference while the kernel may deliver: see the header comment.
		if (!self_held_) {
			ObjectWrap::Ref();
			self_held_ = true;
		}
	}

	void Stop(const Napi::CallbackInfo &)
	{
		StopPolling();
	}

	void Ref(const Napi::CallbackInfo &)
	{
		refed_ = true;
		if (poll_)
			uv_ref(reinterpret_cast<uv_handle_t *>(poll_));
	}

	void Unref(const Napi::CallbackInfo &)
	{
		refed_ = false;
		if (poll_)
			uv_unref(reinterpret_cast<uv_handle_t *>(poll_));
	}

	void Close(const Napi::CallbackInfo &)
	{
		StopPolling();
		Release();
	}

	// Called from JS only (it touches JS references).
	void StopPolling()
	{
		if (poll_)
			uv_poll_stop(poll_);
		callback_.Reset();
		// Inside OnPoll the running callback still uses the async context; OnPoll drops it
		// once the callback has returned.
		if (!in_callback_)
			async_context_.reset();
		if (self_held_) {
			self_held_ = false;
			ObjectWrap::Unref();
		}
	}

	// Gives the poll handle and the fd back. Safe from the destructor: no JS involved.
	void Release()
	{
		if (poll_) {
			// libuv owns the handle until the close callback; it no longer points at us.
			poll_->data = nullptr;
			uv_close(reinterpret_cast<uv_handle_t *>(poll_), [](uv_handle_t *handle) {
				delete reinterpret_cast<uv_poll_t *>(handle);
			});
			poll_ = nullptr;
		}
		if (fd_ >= 0) {
			::close(fd_);
			fd_ = -1;
		}
	}

	static void OnPoll(uv_poll_t *handle, int status, int /* events */)
	{
		auto *self = static_cast<NetlinkSocket *>(handle->data);
		if (!self || self->callback_.IsEmpty())
			return;

		Napi::Env env = self->Env();
		Napi::HandleScope scope(env);
		// A local handle keeps the JS object (and so `self`) alive even if the callback
		// closes the socket and drops every other reference to it.
		Napi::Object receiver = self->Value();
		Napi::FunctionReference &callback = self->callback_;
		std::vector<napi_value> args;
		if (status < 0) {
			// libuv treats EPOLLERR as fatal: it stops the handle and reports UV_EBADF. On a
			// netlink socket EPOLLERR means a pending socket error, typically ENOBUFS after an
			// overrun, which the next recv() reports (and clears) before returning the queued
			// datagrams. So poll again and let JS read; only a failed restart is an error.
			int rc = uv_poll_start(handle, UV_READABLE, OnPoll);
			if (rc < 0)
				args.push_back(ErrnoError(env, -rc, "uv_poll_start").Value());
		}
		self->in_callback_ = true;
		try {
			callback.MakeCallback(receiver, args, *self->async_context_);
		} catch (const Napi::Error &error) {
			// Nobody up the stack can catch it: report it like any uncaught exception.
			napi_fatal_exception(env, error.Value());
		}
		self->in_callback_ = false;
		if (self->callback_.IsEmpty())
			self->async_context_.reset();	// stopped or closed from inside the callback
	}

	// Room for the largest datagram the kernel sends (32 KiB dump messages), with a margin.
	static constexpr size_t kReceiveBufferBytes = 64 * 1024;

	int fd_ = -1;
	uint32_t port_id_ = 0;
	std::vector<uint8_t> receive_buffer_;	// allocated on the first recv
	uv_poll_t *poll_ = nullptr;	// owned by libuv from uv_close() on
	bool refed_ = true;		// libuv's default for a new handle
	bool self_held_ = false;
	bool in_callback_ = false;
	Napi::FunctionReference callback_;
	std::unique_ptr<Napi::AsyncContext> async_context_;
};

Napi::Object Init(Napi::Env env, Napi::Object exports)
{
	exports.Set("NetlinkSocket", NetlinkSocket::Define(env));
	devlink_ts::RegisterSdNotify(env, exports);
	return exports;
}

} // namespace

NODE_API_MODULE(netlink_socket, Init)
