// What the parts of erl_crash.dump share (runtime/crash_dump*.cpp only).
//
// The dump is written on the thread that halts while the other normal
// schedulers are parked between two slices (sched_stop_for_dump), so a
// process that is neither running nor exiting cannot change under the
// writer: its heap, stack and queues are read directly. Processes still
// running (on a dirty scheduler, or everywhere if some scheduler did not
// park in time) get only what can be read without touching their heap.
// Locks that a stuck thread might hold (ports, ETS tables, timer wheels,
// run queues) are only tried; a part whose lock is taken is left out.
#pragma once

#include <cstdio>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "process/process.h"
#include "term/binary.h"

namespace girder {

// Terms in ERTS's crash dump notation, which crashdump_viewer decodes:
// an element of a line is an immediate (A<len>:name, I<int>, P<pid>,
// p<port>, N) or H<address> of an object; each object gets a line
// "<address>:<object>" in the section of its process (=proc_heap), or in
// =literals if it lives in the literal region; the bytes of refc binaries
// follow in =binary sections. Objects are visited without marking them,
// so the heaps stay as they are.
class TermWriter {
 public:
  explicit TermWriter(FILE* f) : f_(f) {}
  // Writes t as an element of a line; the objects it refers to wait for
  // the next heap_lines() (or literal_lines()).
  void element(Term t);
  // One line per object reachable from the elements written since the
  // last call, literals excepted (=proc_heap's lines).
  void heap_lines();
  // The =literals section: every literal object met so far.
  void literal_lines();
  // A =binary section for every refc binary met so far.
  void binary_sections();

 private:
  void object_line(Term t);
  void boxed_line(Term t, const Term* obj);
  void bits_line(Term t, const Term* obj);
  void map_line(const Term* obj);
  // An object the notation has no letter for, in the external term format.
  void external_line(Term t);
  // The Binary a ProcBin holds, noted for binary_sections.
  const Binary* note_binary(const ProcBin* pb, Uint end);
  void walk(std::vector<Term>& work, std::unordered_set<Uint>& seen);

  FILE* f_;
  std::vector<Term> pending_;           // objects of the process being written
  std::vector<Term> literals_;          // objects in the literal region
  std::unordered_set<Uint> literals_seen_;
  std::unordered_map<const Binary*, Uint> binaries_;  // bytes referenced
  std::vector<const Binary*> binary_order_;
};

struct DumpContext {
  FILE* f;
  Process* caller;             // the process that halts, or nullptr
  bool world_stopped;          // every other normal scheduler is parked
  std::vector<bool> slept;     // by scheduler index: asleep when the dump began
  TermWriter terms;
};

// Whether p's heap and state may be read (see the header comment).
bool dump_can_inspect(const DumpContext& cx, const Process* p);
// "0x...:SReturn addr 0x... (m:f/a + n)" and the like: code addresses as
// ERTS names them.
std::string dump_code_location(const Term* pc);
// An atom as ERTS's printer writes it in dumps: quoted unless it is a
// lower-case letter followed by letters, digits and underscores (so
// 'nonode@nohost' is quoted, and keywords such as `end` are not).
std::string dump_atom(Term a);
// Base64 (RFC 4648, padded), as dump version 0.5 writes bytes.
std::string dump_base64(const uint8_t* bytes, size_t n);

// The sections, in the order crash_dump.cpp writes them.
void dump_schedulers(DumpContext& cx);
void dump_processes(DumpContext& cx);
void dump_ports(DumpContext& cx);
void dump_ets_tables(DumpContext& cx);
void dump_timers(DumpContext& cx);
void dump_modules(DumpContext& cx);
void dump_funs(DumpContext& cx);
void dump_process_memory(DumpContext& cx);  // =proc_messages ... =proc_heap
void dump_persistent_terms(DumpContext& cx);

}  // namespace girder
