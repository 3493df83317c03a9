// erl_crash.dump for erlang:halt(Slogan): the sections ERTS writes first
// (header, one =proc section per process, =end), in ERTS's line format so
// that crashdump_viewer and grep find them. The other sections ERTS writes
// (memory, allocators, ports, ETS, modules, funs, heaps) come with the OTP
// boot (issue 4).
#include "runtime/crash_dump.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>

#include "process/process.h"
#include "runtime/vm.h"
#include "term/atom_table.h"
#include "term/print.h"

namespace girder {

namespace {

const char* state_name(ProcStatus s) {
  switch (s) {
    case ProcStatus::runnable: return "Scheduled";
    case ProcStatus::running: return "Running";
    case ProcStatus::waiting: return "Waiting";
    case ProcStatus::exiting: return "Exiting";
    default: return "Free";
  }
}

// ERTS's date line: asctime's format without its newline.
std::string date_line() {
  std::time_t now = std::time(nullptr);
  std::tm t;
  localtime_r(&now, &t);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a %b %e %H:%M:%S %Y", &t);
  return buf;
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

bool write_crash_dump(const std::string& slogan) {
  std::string path = crash_dump_path();
  FILE* f = std::fopen(path.c_str(), "w");
  if (!f) return false;
  std::fprintf(f, "=erl_crash_dump:0.5\n%s\nSlogan: %s\n", date_line().c_str(), slogan.c_str());
  std::fprintf(f, "System version: Erlang/OTP 25 [erts-13.1.5] [girder] [64-bit]\n");
  std::fprintf(f, "Taints: \nAtoms: %lu\nCalling Thread: scheduler:1\n", (unsigned long)atom_count());
  for (Process* p : vm_processes()) {
    std::fprintf(f, "=proc:%s\n", term_to_text(p->id).c_str());
    std::fprintf(f, "State: %s\n", state_name(p->status));
    if (is_value(p->registered_name))
      std::fprintf(f, "Name: %s\n", std::string(atom_name(p->registered_name)).c_str());
    Term ic = p->initial_call;
    if (is_value(ic) && is_tuple(ic) && tuple_arity(ic) == 3)  // M:F/A
      std::fprintf(f, "Spawned as: %s:%s/%s\n", term_to_text(tuple_elem(ic, 1)).c_str(),
                   term_to_text(tuple_elem(ic, 2)).c_str(), term_to_text(tuple_elem(ic, 3)).c_str());
    std::fprintf(f, "Message queue length: %lu\n", (unsigned long)p->mbox.taken_length());
    std::fprintf(f, "Reductions: %llu\n", (unsigned long long)p->reductions);
    std::fprintf(f, "Stack+heap: %lu\n",
                 (unsigned long)((p->heap.htop - p->heap.start) + (p->heap.end - p->heap.limit)));
  }
  std::fprintf(f, "=end\n");
  return std::fclose(f) == 0;
}

}  // namespace girder
