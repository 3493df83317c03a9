// Signal queue and message queue of a process.
//
// Every signal (process/signal.h) is built by its sender, its term in a
// heap fragment that the receiver will own. Senders append to an outer
// queue under a lock. The receiver takes the outer queue in order: messages
// go to its private inner queue, which receive scans, and every other
// signal is handed to vm_handle_signal (runtime/signals.cpp), which may add
// a message ({'EXIT', ...}, {'DOWN', ...}) at that point of the inner
// queue. So a receive never blocks senders for long, and signals keep their
// order per sender.
#pragma once

#include <mutex>

#include "process/signal.h"
#include "term/heap.h"

namespace girder {

struct Process;

struct Message {
  ~Message() { delete frag_heap; }
  Message* next = nullptr;
  Term term = THE_NON_VALUE;
  Heap* frag_heap = nullptr;  // owns the memory of term (nullptr: immediate
                              // or already part of the receiver's heap)
  bool in_heap = false;       // term lives on the receiver's heap: a GC root
  SigKind kind = SigKind::message;
  Term from = THE_NON_VALUE;  // the sender (pid or port) of other signals
  Term name = THE_NON_VALUE;  // monitor: the registered name it was set by
  RefKey ref;                 // monitor, demonitor, down
};

class Mailbox {
 public:
  explicit Mailbox(Process* owner) : owner_(owner) {}
  ~Mailbox();
  Mailbox(const Mailbox&) = delete;
  Mailbox& operator=(const Mailbox&) = delete;
  // Any thread: appends a signal.
  void push(Message* m);
  // Owner: takes the signals sent so far, in order (messages to the
  // private queue, the others to vm_handle_signal).
  void fetch();
  // Owner (signal handling): appends a message to the private queue.
  void append(Message* m);
  // Owner: whether messages were appended since the last call (a waiting
  // receive must look at them).
  bool take_fresh() {
    bool f = fresh_;
    fresh_ = false;
    return f;
  }
  // Owner: the message at the receive position, or nullptr.
  Message* current() {
    if (!*save_) fetch();
    return *save_;
  }
  // Owner: advance the receive position past the current message.
  void skip() { save_ = &(*save_)->next; }
  // Owner: unlinks the current message and returns it; resets position.
  Message* remove_current();
  // Owner: restart scanning from the first message.
  void reset_position() { save_ = &first_; }
  Uint length();
  // Owner: a message's term became part of the heap (receive looked at
  // it); the collector visits these, and only these.
  void note_adopted() { adopted_++; }
  Uint adopted() const { return adopted_; }
  bool has_pending_outer();
  Message* first() { return first_; }

 private:
  Message* first_ = nullptr;
  Message** last_ = &first_;
  Message** save_ = &first_;
  Uint len_ = 0;
  bool fresh_ = false;
  Uint adopted_ = 0;  // messages with in_heap set
  Process* owner_;
  std::mutex lock_;
  Message* outer_first_ = nullptr;
  Message** outer_last_ = &outer_first_;
};

}  // namespace girder
