// erlang:nodes/0,1,2 without distribution: this node is the only one
// known, and no other node is connected (visible or hidden). Argument
// errors as ERTS gives them.
#include "bif/bif.h"
#include "term/code_refs.h"
#include "term/map.h"

namespace girder {

namespace {

// Which node types a nodes/1,2 argument asks for: this (or known) selects
// this node; visible, hidden and connected select connections, of which
// there are none. False for a bad argument.
bool wants_this_node(Term arg, bool* this_node) {
  auto one = [&](Term t) {
    if (t == atom::this_ || t == atom::known) {
      *this_node = true;
      return true;
    }
    return t == atom::visible || t == atom::hidden || t == atom::connected;
  };
  *this_node = false;
  if (is_atom(arg)) return one(arg);
  Term l = arg;
  for (; is_list(l); l = cdr(l))
    if (!is_atom(car(l)) || !one(car(l))) return false;
  return l == NIL;
}

}  // namespace

Term erlang_nodes_0(Process*, Term*) { return NIL; }

Term erlang_nodes_1(Process* p, Term* a) {
  bool self;
  if (!wants_this_node(a[0], &self)) return bif_badarg(p);
  if (!self) return NIL;
  return make_cons(p->heap, this_node(), NIL);
}

// nodes(Arg, #{connection_id => Bool, node_type => Bool}) -> [{Node, Info}]
Term erlang_nodes_2(Process* p, Term* a) {
  bool self;
  if (!wants_this_node(a[0], &self) || !is_map(a[1])) return bif_badarg(p);
  bool cid = false, type = false, ok = true;
  map_foreach(a[1], [&](Term k, Term v) {
    if ((k != atom::connection_id && k != atom::node_type) || (v != atom::am_true && v != atom::am_false)) {
      ok = false;
      return;
    }
    (k == atom::connection_id ? cid : type) = v == atom::am_true;
  });
  if (!ok) return bif_badarg(p);
  if (!self) return NIL;
  Term keys[2], vals[2];
  Uint n = 0;
  if (cid) {
    keys[n] = atom::connection_id;
    vals[n++] = atom::undefined;
  }
  if (type) {
    keys[n] = atom::node_type;
    vals[n++] = atom::this_;
  }
  Term info = map_from_pairs(p->heap, keys, vals, n);
  return make_cons(p->heap, make_tuple(p->heap, {this_node(), info}), NIL);
}

}  // namespace girder
