/**
 * A netlink transport that answers from recorded kernel datagrams, so host benchmarks time the
 * library alone (connection, genl, devlink codec, typed decoders) and not the fake kernel that
 * produced the answers.
 *
 * Recording: `recordAnswers(fakeTransport, run)` wraps a fake-kernel transport, runs `run` on it and
 * keeps every datagram the kernel sent back, keyed by the request's bytes with its sequence number
 * zeroed. Replaying: a {@link ReplayTransport} given those answers delivers a copy of the recorded
 * datagrams for each request it is sent, with the request's sequence number patched in, one
 * event-loop turn later (as a socket's readable callback would).
 */
const HEADER = 16;

/** A request's identity: its header without the sequence number, and its payload. */
function keyOf(message) {
  const bytes = Buffer.from(message.buffer, message.byteOffset, message.byteLength);
  return `${bytes.toString('latin1', 0, 8)}${bytes.toString('latin1', 12)}`;
}

function* messagesOf(datagram) {
  const view = new DataView(datagram.buffer, datagram.byteOffset, datagram.byteLength);
  for (let at = 0; at + HEADER <= datagram.length; ) {
    const length = view.getUint32(at, true);
    yield { at, length, seq: view.getUint32(at + 8, true) };
    at += (length + 3) & ~3;
  }
}

/** Runs `run(transport)` on a wrapper of `inner` that records the answers to every request. */
export async function recordAnswers(inner, run) {
  const bySeq = new Map();
  const answers = new Map();
  const recorder = {
    get portId() { return inner.portId; },
    send(datagram) {
      for (const m of messagesOf(datagram)) {
        const list = [];
        bySeq.set(m.seq, list);
        answers.set(keyOf(datagram.subarray(m.at, m.at + m.length)), list);
      }
      inner.send(datagram);
    },
    start(onDatagram, onError) {
      inner.start((datagram) => {
        const first = messagesOf(datagram).next().value;
        bySeq.get(first?.seq)?.push(Uint8Array.from(datagram));
        onDatagram(datagram);
      }, onError);
    },
    addMembership: (group) => inner.addMembership(group),
    dropMembership: (group) => inner.dropMembership(group),
    ref: () => inner.ref(),
    unref: () => inner.unref(),
    close: () => inner.close(),
  };
  await run(recorder);
  return answers;
}

/** Answers requests with recorded datagrams (see the module comment). */
export class ReplayTransport {
  #answers;
  #queue = [];
  #onDatagram;
  #scheduled = false;
  closed = false;

  constructor(portId, answers) {
    this.portId = portId;
    this.#answers = answers;
  }

  send(datagram) {
    for (const m of messagesOf(datagram)) {
      const recorded = this.#answers.get(keyOf(datagram.subarray(m.at, m.at + m.length)));
      if (recorded === undefined) throw new Error('replay transport: no recorded answer for this request');
      for (const bytes of recorded) {
        const copy = Uint8Array.from(bytes);
        const view = new DataView(copy.buffer);
        for (const reply of messagesOf(copy)) view.setUint32(reply.at + 8, m.seq, true);
        this.#queue.push(copy);
      }
    }
    this.#schedule();
  }

  start(onDatagram) {
    this.#onDatagram = onDatagram;
    this.#schedule();
  }

  #schedule() {
    if (this.#scheduled || this.#onDatagram === undefined || this.#queue.length === 0) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      const queue = this.#queue;
      this.#queue = [];
      for (const datagram of queue) if (!this.closed) this.#onDatagram(datagram);
    });
  }

  addMembership() {}
  dropMembership() {}
  ref() {}
  unref() {}
  close() { this.closed = true; }
}
