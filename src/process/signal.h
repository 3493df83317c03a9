// Signals between processes (design decision 7): everything one process
// does to another (a message, an exit signal, link, unlink, monitor,
// demonitor, a monitor's DOWN) travels as a signal through the receiver's
// queue (process/mailbox.h), in order per sender and receiver, and only the
// receiver acts on it (runtime/signals.cpp).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>

#include "term/heap.h"
#include "term/ref_key.h"
#include "term/term.h"

namespace girder {

enum class SigKind : uint8_t {
  message,    // term: the message
  exit,       // exit/2 from `from`; term: the reason
  link_exit,  // `from`, linked, exited (or a linked port closed); term: reason
  link,       // `from` linked to the receiver
  unlink,     // `from` unlinked
  monitor,    // `from` monitors the receiver (ref; name if by name)
  demonitor,  // `from` removed its monitor `ref`
  down,       // the process `from` that monitor `ref` watched exited;
              // term: the reason
  alias_message,  // a message sent to the receiver's alias `ref`
  rpc,            // `from` asks the receiver to run Message::rpc (process_info, ...)
  marker          // not a signal: a receive marker in the message queue
};

// What deactivates an alias (alias/1, monitor/3's {alias, Mode}).
enum class AliasMode : uint8_t {
  none,              // not an alias
  explicit_unalias,  // only unalias/1
  reply,             // also the first message received through it
  demonitor,         // also the removal of its monitor (demonitor or DOWN)
  reply_demonitor    // either of the two
};

struct AliasRecord {
  RefKey ref;
  AliasMode mode = AliasMode::explicit_unalias;
};

// One side of a monitor, kept by both processes.
struct MonitorRecord {
  MonitorRecord(RefKey r, Term o, Term n, bool w) : ref(r), other(o), name(n), watching(w) {}
  RefKey ref;
  Term other = THE_NON_VALUE;  // pid of the other side
  Term name = THE_NON_VALUE;   // monitor by registered name: the name
  bool watching = false;       // true: this process watches `other`
  // monitor/3's {tag, Tag}: the DOWN message's first element (its memory)
  Term tag = THE_NON_VALUE;
  std::shared_ptr<Heap> tag_heap;
};

}  // namespace girder
