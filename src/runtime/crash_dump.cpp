// erl_crash.dump, in ERTS's format (dump version 0.5), written when the VM
// halts with a slogan: the sections ERTS writes, in its order, with the
// values Girder has (what Girder has no counterpart for, such as ERTS's
// allocator instances, is left out rather than made up). This file holds
// the driver and the sections on the VM as a whole; processes are in
// crash_dump_procs.cpp, the VM's tables in crash_dump_tables.cpp, and the
// term notation of the heap sections in crash_dump_terms.cpp.
#include "runtime/crash_dump.h"

#include <cinttypes>
#include <cstdlib>
#include <ctime>
#include <string>

#include "code/module.h"
#include "process/scheduler.h"
#include "runtime/crash_dump_internal.h"
#include "runtime/schedulers.h"
#include "runtime/vm.h"
#include "term/atom_table.h"
#include "term/code_refs.h"
#include "term/print.h"

namespace girder {

namespace {

// How long the other schedulers may take to stop before the dump is
// written without them stopped (and so without the heaps of processes).
constexpr unsigned STOP_TIMEOUT_MS = 2000;

// ERTS's date line: asctime's format without its newline.
std::string date_line() {
  std::time_t now = std::time(nullptr);
  std::tm t;
  localtime_r(&now, &t);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a %b %e %H:%M:%S %Y", &t);
  return buf;
}

std::string calling_thread() {
  Scheduler* s = sched_current();
  if (s && s->kind == SchedKind::normal) return "scheduler:" + std::to_string(s->index + 1);
  return "<unknown>";
}

void header(DumpContext& cx, const std::string& slogan) {
  std::fprintf(cx.f, "=erl_crash_dump:0.5\n%s\nSlogan: %s\nSystem version: %s\n", date_line().c_str(),
               slogan.c_str(), vm_system_version().c_str());
  // Taints: the modules whose NIF libraries came from files (none: Girder
  // has only its own)
  std::fprintf(cx.f, "Taints: \nAtoms: %" PRIu64 "\nCalling Thread: %s\n", atom_count(), calling_thread().c_str());
}

void memory_section(DumpContext& cx) {
  MemorySummary m = vm_memory_summary();
  std::fprintf(cx.f,
               "=memory\ntotal: %" PRIu64 "\nprocesses: %" PRIu64 "\nprocesses_used: %" PRIu64 "\nsystem: %" PRIu64
               "\natom: %" PRIu64 "\natom_used: %" PRIu64 "\nbinary: %" PRIu64 "\ncode: %" PRIu64 "\nets: %" PRIu64
               "\n",
               m.total, m.processes, m.processes_used, m.system, m.atom, m.atom_used, m.binary, m.code, m.ets);
}

// ERTS's index and hash tables, as far as Girder's tables have the same
// figures (entries, limits; not ERTS's bucket counts).
void table_sections(DumpContext& cx) {
  FILE* f = cx.f;
  std::fprintf(f, "=index_table:atom_tab\nlimit: %" PRIu64 "\nentries: %" PRIu64 "\n", MAX_ATOMS, atom_count());
  std::fprintf(f, "=index_table:module_code\nentries: %zu\n", module_names().size());
  std::fprintf(f, "=index_table:export_list\nentries: %" PRIu64 "\n", export_count());
  std::fprintf(f, "=hash_table:process_reg\nobjs: %zu\n", vm_registered().size());
}

void allocated_areas(DumpContext& cx) {
  std::fprintf(cx.f, "=allocated_areas\n");
  for (const AllocatedArea& a : vm_allocated_areas()) {
    std::fprintf(cx.f, "%s: %" PRIu64, std::string(atom_name(a.name)).c_str(), a.size);
    if (a.has_used) std::fprintf(cx.f, " %" PRIu64, a.used);
    std::fputc('\n', cx.f);
  }
}

void node_sections(DumpContext& cx) {
  std::fprintf(cx.f, "=node:%s\n", dump_atom(this_node()).c_str());
  if (this_node() == atom::nonode_at_nohost) std::fprintf(cx.f, "=no_distribution\n");
}

// Every atom, newest first, as ERTS lists them.
void atoms_section(DumpContext& cx) {
  std::fprintf(cx.f, "=atoms\n");
  for (Uint i = atom_count(); i-- > 0;) std::fprintf(cx.f, "%s\n", dump_atom(make_atom(i)).c_str());
}

}  // namespace

std::string crash_dump_path() {
  const char* env = std::getenv("ERL_CRASH_DUMP");
  return env && *env ? env : "erl_crash.dump";
}

bool crash_dump_disabled() {
  const char* env = std::getenv("ERL_CRASH_DUMP_SECONDS");
  return env && std::string(env) == "0";
}

bool write_crash_dump(const std::string& slogan, Process* caller) {
  // the other schedulers stop first and stay stopped: the VM halts after
  bool all_stopped = false;
  std::vector<bool> slept = sched_stop_for_dump(STOP_TIMEOUT_MS, &all_stopped);
  std::string path = crash_dump_path();
  FILE* f = std::fopen(path.c_str(), "w");
  if (!f) return false;
  DumpContext cx{f, caller, all_stopped, std::move(slept), TermWriter(f)};
  header(cx, slogan);
  dump_schedulers(cx);
  memory_section(cx);
  table_sections(cx);
  allocated_areas(cx);
  dump_processes(cx);
  dump_ports(cx);
  dump_ets_tables(cx);
  dump_timers(cx);
  node_sections(cx);
  dump_modules(cx);
  dump_funs(cx);
  dump_process_memory(cx);
  dump_persistent_terms(cx);
  cx.terms.literal_lines();
  cx.terms.binary_sections();
  atoms_section(cx);
  std::fprintf(f, "=end\n");
  return std::fclose(f) == 0;
}

}  // namespace girder
