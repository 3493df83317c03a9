// Signal queue and message queue of a process.
//
// Every signal (process/signal.h) is built by its sender, its term in a
// heap fragment that the receiver will own. Senders push onto an outer
// queue without a lock (a compare-and-swap on its head: many senders, one
// receiver). The receiver takes the whole outer queue at once and puts it
// back in sending order: messages go to its private inner queue, which
// receive scans, and every other signal is handed to vm_handle_signal
// (runtime/signals.cpp), which may add a message ({'EXIT', ...},
// {'DOWN', ...}) at that point of the inner queue. So signals keep their
// order per sender, and a receive never blocks a sender.
//
// An exiting process closes its outer queue (close()): from then on a push
// fails, and the sender itself does what the dead receiver would have done
// (runtime/signals.cpp: noproc for a link or monitor, an answer for a
// request); what was pushed before the close is handed back by close().
#pragma once

#include <atomic>
#include <vector>

#include "process/signal.h"
#include "term/heap.h"

namespace girder {

struct Process;

struct Message {
  Message() { mem_add(MemKind::process, sizeof(Message)); }
  ~Message() {
    delete frag_heap;
    mem_sub(MemKind::process, sizeof(Message));
  }
  Message(const Message&) = delete;
  Message& operator=(const Message&) = delete;
  Message* next = nullptr;
  Term term = THE_NON_VALUE;
  Heap* frag_heap = nullptr;  // owns the memory of term (nullptr: immediate
                              // or already part of the receiver's heap)
  bool in_heap = false;       // term lives on the receiver's heap: a GC root
  SigKind kind = SigKind::message;
  Term from = THE_NON_VALUE;  // the sender (pid or port) of other signals
  Term name = THE_NON_VALUE;  // monitor: the registered name it was set by
  RefKey ref;                 // monitor, demonitor, down; a marker's reference
  bool bound = false;         // a marker bound to `ref`
  Message** prev = nullptr;   // a marker: the slot that points at it
  // rpc: what the receiver runs for the sender (nullptr receiver: it is
  // gone); a request's reply goes to `from` tagged with `ref`.
  void (*rpc)(Process* receiver, Message* request) = nullptr;
};

class Mailbox {
 public:
  explicit Mailbox(Process* owner) : owner_(owner) {}
  ~Mailbox();
  Mailbox(const Mailbox&) = delete;
  Mailbox& operator=(const Mailbox&) = delete;
  // Any thread: appends a signal; false (m not taken) if the queue is
  // closed because the owner has exited.
  bool push(Message* m);
  // Owner, when exiting: closes the outer queue and returns what was sent
  // to it and not yet taken, oldest first.
  Message* close();
  // Owner: takes the signals sent so far, in order (messages to the
  // private queue, the others to vm_handle_signal).
  void fetch();
  // Owner (signal handling): appends a message to the private queue.
  void append(Message* m);
  // Owner: whether messages came in since the last call, still in the
  // signal queue or already appended to the message queue (by signal
  // handling: an exit signal turned into {'EXIT', ...}); a waiting receive
  // must look at them.
  // Signals still in the outer queue are taken here: those that make no
  // message (an exit signal to a process that ignores it, say) must not
  // look new again at every wait, which would spin a receive that has no
  // clauses (timer:sleep/1) instead of letting it wait.
  bool has_news() {
    if (has_pending_outer()) fetch();
    bool f = fresh_;
    fresh_ = false;
    return f;
  }
  // Owner: the message at the receive position, or nullptr. Steps over
  // receive markers.
  Message* current() {
    for (;;) {
      Message* m = *save_;
      if (!m) {
        fetch();
        m = *save_;
        if (!m) return nullptr;
      }
      if (m->kind != SigKind::marker) return m;
      save_ = &m->next;
    }
  }
  // Receive markers (OTP 25's recv_marker_* instructions): a receive that
  // waits for a reply carrying a fresh reference starts scanning at the
  // point where the reference was made, not at the oldest message.
  // Owner: a marker after every message sent so far; returns its number.
  Uint reserve_marker();
  // Owner: marker `id` stands for the reference `ref`.
  void bind_marker(Uint id, const RefKey& ref);
  // Owner: the receive position goes to the marker of `ref`, if any.
  void use_marker(const RefKey& ref);
  // Owner: the marker of `ref` is no longer needed.
  void clear_marker(const RefKey& ref);
  // Owner: advance the receive position past the current message.
  void skip() { save_ = &(*save_)->next; }
  // Owner: unlinks the current message and returns it; resets position.
  Message* remove_current();
  // Owner: restart scanning from the first message.
  void reset_position() { save_ = &first_; }
  // Owner: messages queued, after taking the signals sent so far.
  Uint length();
  // Owner, while handling a signal: messages taken so far (a request
  // sees the queue as it was when the request came).
  Uint taken_length() const { return len_; }
  // Owner: a message's term became part of the heap (receive looked at
  // it); the collector visits these, and only these.
  void note_adopted() { adopted_++; }
  Uint adopted() const { return adopted_; }
  bool has_pending_outer();
  Message* first() { return first_; }
  // Any thread, while the owner neither runs nor exits (a crash dump):
  // the messages sent to it and not yet taken, oldest first. Only the
  // owner frees what is in the outer queue, so it stays meanwhile.
  std::vector<const Message*> pending_messages() const;

 private:
  static constexpr Uint MAX_MARKERS = 4;
  // Takes marker m out of the queue (in O(1): it knows its slot).
  void unlink_marker(Message* m);
  // The node after the one in `slot` was unlinked: if it is a marker, it
  // is now pointed at from `slot`.
  static void relink(Message** slot) {
    if (*slot && (*slot)->kind == SigKind::marker) (*slot)->prev = slot;
  }
  Message* markers_[MAX_MARKERS] = {};
  Uint next_marker_ = 0;  // the slot a new marker takes when all are used

  Message* first_ = nullptr;
  Message** last_ = &first_;
  Message** save_ = &first_;
  Uint len_ = 0;
  bool fresh_ = false;
  Uint adopted_ = 0;  // messages with in_heap set
  Process* owner_;
  // The outer queue: newest first; CLOSED once the owner has exited.
  std::atomic<Message*> outer_{nullptr};
  static Message* closed() { return reinterpret_cast<Message*>(uintptr_t(1)); }
  // Owner: takes the outer queue (oldest first), leaving it empty.
  Message* take_outer();
};

}  // namespace girder
