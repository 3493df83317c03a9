// Message queue of a process.
//
// A message is a term built by the sender in a heap fragment that the
// receiver will own; the receiver attaches the fragment to its heap when it
// removes the message (receive). Senders append to an outer queue under a
// lock; the receiver moves the outer queue into its private inner queue and
// scans only that, so a receive never blocks senders for long.
#pragma once

#include <mutex>

#include "term/heap.h"

namespace girder {

struct Message {
  ~Message() { delete frag_heap; }
  Message* next = nullptr;
  Term term = THE_NON_VALUE;
  Heap* frag_heap = nullptr;  // owns the memory of term (nullptr: immediate
                              // or already part of the receiver's heap)
  bool in_heap = false;       // term lives on the receiver's heap: a GC root
};

class Mailbox {
 public:
  ~Mailbox();
  // Any thread: appends m. Returns true if the queue was empty before.
  void push(Message* m);
  // Owner: moves messages sent so far into the private queue.
  void fetch();
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
  bool has_pending_outer();
  Message* first() { return first_; }

 private:
  Message* first_ = nullptr;
  Message** last_ = &first_;
  Message** save_ = &first_;
  Uint len_ = 0;
  std::mutex lock_;
  Message* outer_first_ = nullptr;
  Message** outer_last_ = &outer_first_;
};

}  // namespace girder
