// process_flag(monitor_nodes, Bool) and process_flag({monitor_nodes,
// Options}, Bool): a process subscribes to nodeup/nodedown messages. Each
// set of options is a kind of its own, counted per process: true adds one
// and false removes them all, and both answer how many there were. The
// subscriptions live in one table for the VM (distribution will send to
// them); a process that exits leaves it.
#include <mutex>
#include <unordered_map>
#include <utility>
#include <vector>

#include "bif/bif.h"
#include "runtime/vm.h"
#include "term/map.h"

namespace girder {

namespace {

// A kind of node monitor: the options as bits.
enum : uint8_t {
  NM_CONNECTION_ID = 1,
  NM_NODEDOWN_REASON = 2,
  NM_LIST = 4,  // the options were given as a list (net_kernel's form)
  NM_TYPE_SHIFT = 3,  // node_type: 0 not given, 1 visible, 2 hidden, 3 all
};

struct Table {
  std::mutex lock;
  std::unordered_map<Term, std::vector<std::pair<uint8_t, Uint>>> by_pid;
};
Table& table() {
  static Table* t = new Table;
  return *t;
}

// The kind of an options map; false for a bad one (badarg).
bool kind_of(Term opts, uint8_t* out) {
  if (!is_map(opts)) return false;
  uint8_t k = 0;
  bool ok = true;
  map_foreach(opts, [&](Term key, Term v) {
    if (key == atom::connection_id || key == atom::nodedown_reason || key == atom::list) {
      if (v != atom::am_true && v != atom::am_false) ok = false;
      if (v == atom::am_true)
        k |= key == atom::connection_id ? NM_CONNECTION_ID : key == atom::nodedown_reason ? NM_NODEDOWN_REASON : NM_LIST;
    } else if (key == atom::node_type) {
      uint8_t t = v == atom::visible ? 1 : v == atom::hidden ? 2 : v == atom::all ? 3 : 0;
      if (t == 0) ok = false;
      k |= uint8_t(t << NM_TYPE_SHIFT);
    } else {
      ok = false;
    }
  });
  *out = k;
  return ok;
}

}  // namespace

Term process_flag_monitor_nodes(Process* p, Term flag, Term val) {
  uint8_t kind = 0;
  if (flag != atom::monitor_nodes) {
    if (!is_tuple(flag) || tuple_arity(flag) != 2 || tuple_elem(flag, 1) != atom::monitor_nodes ||
        !kind_of(tuple_elem(flag, 2), &kind))
      return bif_badarg(p);
  }
  if (val != atom::am_true && val != atom::am_false) return bif_badarg(p);
  Table& t = table();
  std::lock_guard<std::mutex> g(t.lock);
  auto& kinds = t.by_pid[p->id];
  p->monitors_nodes = true;
  for (auto it = kinds.begin(); it != kinds.end(); ++it) {
    if (it->first != kind) continue;
    Uint before = it->second;
    if (val == atom::am_true) it->second++;
    else kinds.erase(it);
    return make_small(Sint(before));
  }
  if (val == atom::am_true) kinds.push_back({kind, 1});
  return make_small(0);
}

void node_monitors_process_exited(Process* p) {
  if (!p->monitors_nodes) return;
  Table& t = table();
  std::lock_guard<std::mutex> g(t.lock);
  t.by_pid.erase(p->id);
}

}  // namespace girder
