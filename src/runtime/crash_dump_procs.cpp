// erl_crash.dump's scheduler and process sections: =scheduler:N and the
// dirty schedulers, =proc:<pid> for every process, and (after the tables,
// where ERTS puts them) each inspectable process's =proc_messages,
// =proc_dictionary, =proc_stack and =proc_heap.
#include <cinttypes>

#include "interp/exception.h"
#include "interp/interp.h"
#include "process/scheduler.h"
#include "runtime/crash_dump_internal.h"
#include "runtime/dirty_schedulers.h"
#include "runtime/schedulers.h"
#include "runtime/vm.h"
#include "term/atom_table.h"
#include "term/print.h"

namespace girder {

bool dump_can_inspect(const DumpContext& cx, const Process* p) {
  if (p == cx.caller) return true;  // stopped in its call to halt, on this thread
  if (!cx.world_stopped) return false;
  uint8_t rs = p->run_state.load(std::memory_order_acquire);
  // running now can only mean on a dirty scheduler, which owns its heap
  return rs == RS_WAITING || rs == RS_QUEUED;
}

std::string dump_code_location(const Term* pc) {
  if (pc == normal_exit_code()) return "<terminate process normally>";
  Term m, f;
  Uint a, offset;
  if (!function_of_address(pc, &m, &f, &a, &offset)) return "unknown function";
  return dump_atom(m) + ":" + dump_atom(f) + "/" + std::to_string(a) + " + " +
         std::to_string(offset * sizeof(Term));
}

namespace {

constexpr std::ptrdiff_t LIMITED_TRACE_WORDS = 256;

// A word on the stack that is a continuation pointer (term.h: header-tagged
// words there are CPs; zero is THE_NON_VALUE, not an address).
bool is_cp(Term w) { return is_header(w) && w != THE_NON_VALUE; }

const char* priority_name(const Process* p) {
  if (p->priority == atom::max) return "MAX";
  if (p->priority == atom::high) return "HIGH";
  if (p->priority == atom::low) return "LOW";
  return "NORMAL";
}

// ERTS's process state names, from the scheduling state.
const char* state_name(const DumpContext& cx, const Process* p) {
  if (p == cx.caller) return "Running";
  switch (p->run_state.load(std::memory_order_acquire)) {
    case RS_WAITING: return "Waiting";
    case RS_QUEUED: return "Scheduled";
    case RS_DONE: return "Exiting";
    default: return "Running";
  }
}

// ERTS's flags of the process's state word that Girder has the facts for.
std::string internal_state(const DumpContext& cx, const Process* p) {
  std::string prio = priority_name(p);
  std::string s = "ACT_PRIO_" + prio + " | USR_PRIO_" + prio + " | PRQ_PRIO_" + prio;
  if (p == cx.caller) s += " | ACTIVE | RUNNING";
  else if (p->run_state.load(std::memory_order_acquire) == RS_QUEUED) s += " | IN_PRQ_" + prio + " | ACTIVE | IN_RUNQ";
  if (p->off_heap_msgq) s += " | OFF_HEAP_MSGQ";
  return s;
}

void return_address_line(FILE* f, const Term* slot) {
  auto* cp = reinterpret_cast<const Term*>(*slot);
  std::fprintf(f, "0x%016" PRIxPTR ":SReturn addr 0x%" PRIXPTR " (%s)\n", reinterpret_cast<uintptr_t>(slot),
               reinterpret_cast<uintptr_t>(cp), dump_code_location(cp).c_str());
}

void run_queue_lines(FILE* f, const PriorityCounts& c) {
  std::fprintf(f,
               "Run Queue Max Length: %zu\nRun Queue High Length: %zu\nRun Queue Normal Length: %zu\n"
               "Run Queue Low Length: %zu\n",
               c.max, c.high, c.normal, c.low);
}

void normal_scheduler(DumpContext& cx, Scheduler* s) {
  FILE* f = cx.f;
  std::fprintf(f, "=scheduler:%u\n", s->index + 1);
  std::fprintf(f, "Scheduler Sleep Info Flags: %s\n", cx.slept[s->index] ? "SLEEPING" : "");
  {
    std::unique_lock<std::mutex> g(s->rq_lock, std::try_to_lock);
    if (g.owns_lock()) run_queue_lines(f, s->run_queue.counts());
  }
  bool mine = s == sched_current();
  // a parked scheduler runs nothing; one that did not park is not known
  if (!mine && !cx.world_stopped) return;
  Process* p = mine ? cx.caller : nullptr;
  std::fprintf(f, "Current Process: %s\n", p ? term_to_text(p->id).c_str() : "");
  if (!p) return;
  std::fprintf(f, "Current Process State: Running\nCurrent Process Internal State: %s\n",
               internal_state(cx, p).c_str());
  std::fprintf(f, "Current Process Limited Stack Trace:\n");
  // as ERTS limits it: a deep stack shows its top and bottom 256 words
  const Term* top = p->stack_top();
  const Term* end = p->heap.end;
  auto return_addresses = [&](const Term* from, const Term* to) {
    for (const Term* sp = from; sp < to; sp++)
      if (is_cp(*sp)) return_address_line(f, sp);
  };
  if (end - top < 2 * LIMITED_TRACE_WORDS) {
    return_addresses(top, end);
    return;
  }
  return_addresses(top, top + LIMITED_TRACE_WORDS);
  std::fprintf(f, "0x%016" PRIxPTR ": skipping %td frames\n", reinterpret_cast<uintptr_t>(top + LIMITED_TRACE_WORDS),
               end - top - 2 * LIMITED_TRACE_WORDS);
  return_addresses(end - LIMITED_TRACE_WORDS, end);
}

// Links, then monitors each way, as ERTS lists them.
std::string link_list(const Process* p) {
  std::vector<std::string> items;
  for (Term l : p->links) items.push_back(term_to_text(l));
  Heap h;
  for (const MonitorRecord& m : p->monitors) {
    std::string ref = term_to_text(m.ref.to_term(h));
    if (!m.watching) {
      items.push_back("{from," + term_to_text(m.other) + "," + ref + "}");
    } else if (is_value(m.name)) {
      items.push_back("{to,{" + dump_atom(m.name) + "," + dump_atom(this_node()) + "}," + ref + "}");
    } else {
      items.push_back("{to," + term_to_text(m.other) + "," + ref + "}");
    }
  }
  std::string s;
  for (const std::string& i : items) s += (s.empty() ? "" : ", ") + i;
  return "[" + s + "]";
}

Uint message_count(const Process* p) { return p->mbox.taken_length() + p->mbox.pending_messages().size(); }

void process_section(DumpContext& cx, Process* p) {
  FILE* f = cx.f;
  std::fprintf(f, "=proc:%s\nState: %s\n", term_to_text(p->id).c_str(), state_name(cx, p));
  Term name = vm_registered_name(p);
  if (is_value(name)) std::fprintf(f, "Name: %s\n", dump_atom(name).c_str());
  if (!dump_can_inspect(cx, p)) return;
  Term ic = p->initial_call;
  if (is_value(ic) && is_tuple(ic) && tuple_arity(ic) == 3 && is_atom(tuple_elem(ic, 1)) &&
      is_atom(tuple_elem(ic, 2)) && is_small(tuple_elem(ic, 3)))
    std::fprintf(f, "Spawned as: %s:%s/%" PRId64 "\n", dump_atom(tuple_elem(ic, 1)).c_str(),
                 dump_atom(tuple_elem(ic, 2)).c_str(), small_value(tuple_elem(ic, 3)));
  Uint frags = 0, frag_words = 0;
  for (const Fragment* fr = p->heap.frags; fr; fr = fr->next) {
    frags++;
    frag_words += fr->used;
  }
  std::fprintf(f, "Message queue length: %" PRIu64 "\nNumber of heap fragments: %" PRIu64
               "\nHeap fragment data: %" PRIu64 "\n",
               message_count(p), frags, frag_words);
  if (!p->links.empty() || !p->monitors.empty()) std::fprintf(f, "Link list: %s\n", link_list(p).c_str());
  const Heap& h = p->heap;
  std::fprintf(f, "Reductions: %" PRIu64 "\n", p->reductions);
  std::fprintf(f, "Stack+heap: %td\nOldHeap: %td\nHeap unused: %td\nOldHeap unused: %td\n", h.end - h.start,
               h.old_end - h.old_start, h.limit - h.htop, h.old_end - h.old_htop);
  // refc binaries referenced, in words (Girder keeps no virtual heap
  // limit, so ERTS's "unused" lines have no counterpart)
  std::fprintf(f, "BinVHeap: %" PRIu64 "\nOldBinVHeap: %" PRIu64 "\n", h.off_heap.overhead / sizeof(Term),
               h.old_off_heap.overhead / sizeof(Term));
  std::fprintf(f, "Memory: %" PRIu64 "\n", process_memory_bytes(p));
  if (p != cx.caller && p->i) {  // the caller's is in this thread's registers
    std::fprintf(f, "Program counter: 0x%016" PRIxPTR " (%s)\narity = %" PRIu64 "\n", reinterpret_cast<uintptr_t>(p->i),
                 dump_code_location(p->i).c_str(), p->arity);
  }
  std::fprintf(f, "Internal State: %s\n", internal_state(cx, p).c_str());
}

// =proc_stack: each frame's Y registers, then its return address (a
// frame starts at its CP in Girder; ERTS 25 prints frames this way).
void stack_section(DumpContext& cx, Process* p) {
  FILE* f = cx.f;
  std::fprintf(f, "=proc_stack:%s\n", term_to_text(p->id).c_str());
  const Term* end = p->heap.end;
  for (const Term* frame = p->stack_top(); frame < end;) {
    const Term* cp = is_cp(*frame) ? frame : nullptr;
    const Term* y = cp ? frame + 1 : frame;
    const Term* next = y;
    while (next < end && !is_cp(*next)) next++;
    for (const Term* sp = y; sp < next; sp++) {
      if (cp) std::fprintf(f, "y%td:", sp - y);
      else std::fprintf(f, "0x%016" PRIxPTR ":", reinterpret_cast<uintptr_t>(sp));  // above the first frame
      if (is_catch(*sp)) {
        const Term* handler = catch_handler(catch_index(*sp));
        std::fprintf(f, "SCatch 0x%" PRIXPTR " (%s)\n", reinterpret_cast<uintptr_t>(handler),
                     dump_code_location(handler).c_str());
      } else {
        cx.terms.element(*sp);
        std::fputc('\n', f);
      }
    }
    if (cp) return_address_line(f, cp);
    frame = next;
  }
}

void memory_sections(DumpContext& cx, Process* p) {
  FILE* f = cx.f;
  std::string pid = term_to_text(p->id);
  std::vector<Term> messages;
  for (const Message* m = p->mbox.first(); m; m = m->next)
    if (m->kind == SigKind::message) messages.push_back(m->term);
  for (const Message* m : p->mbox.pending_messages()) messages.push_back(m->term);
  if (!messages.empty()) {
    std::fprintf(f, "=proc_messages:%s\n", pid.c_str());
    for (Term m : messages) {
      cx.terms.element(m);
      std::fputs(":N\n", f);  // no sequential trace token
    }
  }
  if (p->dictionary != NIL) {
    std::fprintf(f, "=proc_dictionary:%s\n", pid.c_str());
    for (Term l = p->dictionary; is_list(l); l = cdr(l)) {
      cx.terms.element(car(l));
      std::fputc('\n', f);
    }
  }
  stack_section(cx, p);
  std::fprintf(f, "=proc_heap:%s\n", pid.c_str());
  cx.terms.heap_lines();
}

}  // namespace

void dump_schedulers(DumpContext& cx) {
  for (unsigned i = 0; i < sched_normal_count(); i++) normal_scheduler(cx, sched_normal(i));
  // ERTS numbers the dirty schedulers after the normal ones; what a dirty
  // thread runs is its own business, so only their queues are known
  unsigned id = sched_normal_count() + 1;
  const SchedConfig& c = sched_config();
  for (SchedKind k : {SchedKind::dirty_cpu, SchedKind::dirty_io}) {
    bool cpu = k == SchedKind::dirty_cpu;
    for (unsigned i = 0; i < (cpu ? c.dirty_cpu : c.dirty_io); i++)
      std::fprintf(cx.f, "=%s_scheduler:%u\n", cpu ? "dirty_cpu" : "dirty_io", id++);
    std::fprintf(cx.f, "=%s_run_queue\n", cpu ? "dirty_cpu" : "dirty_io");
    PriorityCounts counts;
    if (dirty_queue_counts(k, &counts)) run_queue_lines(cx.f, counts);
  }
}

void dump_processes(DumpContext& cx) {
  for (Process* p : vm_processes()) process_section(cx, p);
}

void dump_process_memory(DumpContext& cx) {
  for (Process* p : vm_processes())
    if (dump_can_inspect(cx, p) && !p->sensitive) memory_sections(cx, p);
}

}  // namespace girder
