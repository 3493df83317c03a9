// erl_crash.dump's sections on the VM's tables: =port, =ets, =timer,
// =loaded_modules with =mod, =fun, =persistent_terms.
#include <cinttypes>
#include <cmath>

#include "code/module.h"
#include "ets/table_registry.h"
#include "etf/etf.h"
#include "runtime/crash_dump_internal.h"
#include "runtime/ports.h"
#include "runtime/vm.h"
#include "term/atom_table.h"
#include "term/print.h"

namespace girder {

namespace {

// ERTS's port status flags that Girder's ports have, in ERTS's bit order.
std::string port_state(const Port& port) {
  std::string s = port.state.load() == PortState::closing ? "CONNECTED|CLOSING" : "CONNECTED";
  if (port.binary) s += "|BINARY_IO";
  if (port.soft_eof) s += "|SOFT_EOF";
  if (port.line_length > 0) s += "|LINEBUF_IO";
  if (port.driver && port.driver->port_level_locking()) s += "|PORT_LOCK";
  return s;
}

// What the port is, in ERTS's words for its driver.
void port_controls(FILE* f, const Port& port) {
  std::string driver = port.driver ? port.driver->name() : "";
  const char* what = driver == "fd"        ? "Port is UNIX fd not opened by emulator"
                     : driver == "vanilla" ? "Port is a file"
                     : driver == "spawn"   ? "Port controls external process"
                                           : "Port controls linked-in driver";
  std::fprintf(f, "%s: %s\n", what, port.name.c_str());
}

void port_section(DumpContext& cx, Port& port) {
  FILE* f = cx.f;
  std::fprintf(f, "=port:%s\n", term_to_text(port.id).c_str());
  std::unique_lock<std::mutex> g(port.lock, std::try_to_lock);
  if (!g.owns_lock()) return;  // a thread that did not stop is in its driver
  std::fprintf(f, "State: %s\nSlot: %" PRIu64 "\n", port_state(port).c_str(),
               vm_ports().index_of(local_port_data(port.id)));
  if (is_value(port.owner)) std::fprintf(f, "Connected: %s\n", term_to_text(port.owner).c_str());
  if (!port.links.empty()) {
    std::string links;
    for (Term l : port.links) links += term_to_text(l);  // ERTS puts no separator
    std::fprintf(f, "Links: %s\n", links.c_str());
  }
  if (!port.monitors.empty()) {
    std::string mons;
    Heap h;
    for (const PortMonitor& m : port.monitors)
      mons += "(" + term_to_text(m.pid) + "," + term_to_text(m.ref.to_term(h)) + ")";
    std::fprintf(f, "Monitors: %s\n", mons.c_str());
  }
  Term name = vm_port_registered_name(&port);
  if (is_value(name)) std::fprintf(f, "Registered as: %s\n", dump_atom(name).c_str());
  port_controls(f, port);
  std::fprintf(f, "Input: %" PRIu64 "\nOutput: %" PRIu64 "\nQueue: %zu\n", port.bytes_in, port.bytes_out,
               port.queue.size());
  if (is_value(port.data)) std::fprintf(f, "Port Data: %s\n", term_to_text(port.data).c_str());
}

const char* type_name(TableType t) {
  switch (t) {
    case TableType::set: return "set";
    case TableType::ordered_set: return "ordered_set";
    case TableType::bag: return "bag";
    default: return "duplicate_bag";
  }
}

const char* access_name(Access a) {
  switch (a) {
    case Access::public_: return "public";
    case Access::protected_: return "protected";
    default: return "private";
  }
}

// ERTS's statistics of a hash table's chains (live objects per bucket).
void chain_lines(FILE* f, const HashStore& hs) {
  Uint n = hs.nactive(), min = ~Uint(0), max = 0;
  double sum = 0, sq = 0;
  for (Uint ix = 0; ix < n; ix++) {
    Uint len = 0;
    for (const DbObject* o = hs.bucket(ix); o; o = o->next) len += o->dead() ? 0 : 1;
    min = std::min(min, len);
    max = std::max(max, len);
    sum += double(len);
    sq += double(len) * double(len);
  }
  if (n == 0) min = 0;
  double avg = n ? sum / double(n) : 0;
  double dev = n ? std::sqrt(std::max(0.0, sq / double(n) - avg * avg)) : 0;
  double expected = n ? std::sqrt(avg * (1 - 1 / double(n))) : 0;
  std::fprintf(f,
               "Buckets: %" PRIu64 "\nChain Length Avg: %f\nChain Length Max: %" PRIu64 "\nChain Length Min: %" PRIu64
               "\nChain Length Std Dev: %f\nChain Length Expected Std Dev: %f\n",
               n, avg, max, min, dev, expected);
}

void ets_section(DumpContext& cx, Table& t) {
  FILE* f = cx.f;
  std::shared_lock<std::shared_mutex> g(t.lock, std::try_to_lock);
  if (!g.owns_lock() || !t.alive) return;  // a writer that did not stop holds it
  Heap h;
  std::fprintf(f, "=ets:%s\nSlot: %" PRIuPTR "\n", term_to_text(t.owner).c_str(), reinterpret_cast<uintptr_t>(&t));
  std::fprintf(f, "Table: %s\nName: %s\n", (t.named ? dump_atom(t.name) : term_to_text(table_id_term(h, t))).c_str(),
               dump_atom(t.name).c_str());
  if (const HashStore* hs = t.hash()) {
    chain_lines(f, *hs);
    // while fixed, ERTS shows the objects deleted meanwhile
    if (t.fixed()) std::fprintf(f, "Fixed: %" PRIu64 "\n", hs->objects_held() - hs->count());
    else std::fprintf(f, "Fixed: false\n");
  } else {
    std::fprintf(f, "Ordered set (AVL tree), Elements: %" PRIu64 "\n", t.size());
  }
  // a private table takes no locks of its own, so ERTS shows no concurrency
  bool priv = t.access == Access::private_;
  std::fprintf(f, "Objects: %" PRIu64 "\nWords: %" PRIu64 "\nType: %s\nProtection: %s\nCompressed: %s\n", t.size(),
               t.memory_words(), type_name(t.type), access_name(t.access), t.compressed ? "true" : "false");
  std::fprintf(f, "Write Concurrency: %s\nRead Concurrency: %s\n",
               priv ? "false" : dump_atom(t.write_concurrency).c_str(),
               !priv && t.read_concurrency ? "true" : "false");
}

// Module attributes and compile information: the term in the external
// format, base64 (ERTS writes no length before it here).
void module_term_line(FILE* f, const char* what, Term t) {
  std::vector<uint8_t> bytes;
  if (etf_encode(t, EtfEncodeOptions{}, bytes))
    std::fprintf(f, "%s: %s\n", what, dump_base64(bytes.data(), bytes.size()).c_str());
}

}  // namespace

void dump_ports(DumpContext& cx) {
  for (const std::shared_ptr<Port>& port : vm_ports().ports()) port_section(cx, *port);
}

void dump_ets_tables(DumpContext& cx) {
  for (Table* t : ets_registry().all()) ets_section(cx, *t);
}

void dump_timers(DumpContext& cx) {
  vm_for_each_message_timer([&](Term dest, Term msg, int64_t left) {
    std::string to = is_atom(dest) ? dump_atom(dest) : term_to_text(dest);  // a registered name
    std::fprintf(cx.f, "=timer:%s\nMessage: %s\nTime left: %" PRId64 "\n", to.c_str(), term_to_text(msg).c_str(),
                 left);
  });
}

void dump_modules(DumpContext& cx) {
  FILE* f = cx.f;
  std::vector<Term> names = module_names();
  Uint current = 0, old = 0;
  for (Term n : names) {
    if (const Module* m = module_get(n)) current += m->mem_bytes;
    if (const Module* m = module_get_old(n)) old += m->mem_bytes;
  }
  std::fprintf(f, "=loaded_modules\nCurrent code: %" PRIu64 "\nOld code: %" PRIu64 "\n", current, old);
  for (Term n : names) {
    const Module* cur = module_get(n);
    const Module* prev = module_get_old(n);
    std::fprintf(f, "=mod:%s\n", dump_atom(n).c_str());
    if (cur) std::fprintf(f, "Current size: %" PRIu64 "\n", cur->mem_bytes);
    if (prev) std::fprintf(f, "Old size: %" PRIu64 "\n", prev->mem_bytes);
    if (cur) {
      module_term_line(f, "Current attributes", cur->attributes);
      module_term_line(f, "Current compilation info", cur->compile_info);
    }
    if (prev) {
      module_term_line(f, "Old attributes", prev->attributes);
      module_term_line(f, "Old compilation info", prev->compile_info);
    }
  }
}

void dump_funs(DumpContext& cx) {
  for (Term n : module_names()) {
    for (const Module* m : {module_get(n), module_get_old(n)}) {
      if (!m) continue;
      for (const auto& fe : m->funs)
        std::fprintf(cx.f, "=fun\nModule: %s\nUniq: %u\nIndex: %" PRIu64 "\nAddress: 0x%016" PRIxPTR "\n",
                     dump_atom(fe->module).c_str(), fe->old_uniq, fe->index,
                     reinterpret_cast<uintptr_t>(fe->address));
    }
  }
}

void dump_persistent_terms(DumpContext& cx) {
  std::fprintf(cx.f, "=persistent_terms\n");
  persistent_term_for_each([&](Term k, Term v) {
    cx.terms.element(k);
    std::fputc('|', cx.f);
    cx.terms.element(v);
    std::fputc('\n', cx.f);
  });
}

}  // namespace girder
