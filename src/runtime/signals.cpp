// Links, monitors and exit signals as signals (design decision 7): the
// sender changes only its own state and posts a signal; the receiver acts
// on it when it takes its queue (vm_handle_signal), with ERTS's rules:
//
//   exit/2 (SigKind::exit): kill cannot be trapped (the receiver dies with
//     reason killed); a process trapping exits gets {'EXIT', From, Reason};
//     otherwise normal is ignored unless it comes from the process itself,
//     and any other reason kills it with that reason.
//   a linked process's exit (SigKind::link_exit): ignored if the link is
//     gone (unlink/1 promises no exit signal from the link afterwards);
//     else the link goes, and a trapping process gets {'EXIT', From,
//     Reason}; otherwise normal is ignored and any other reason, kill too,
//     kills it with that reason.
//   a monitored process's exit (SigKind::down): {'DOWN', Ref, process,
//     Who, Reason} unless the monitor was removed meanwhile.
//
// Ports are not processes: their links and monitors are changed directly
// (with the port locked), and what a port does with an exit signal is
// runtime/ports.cpp's business.
#include <algorithm>

#include "bif/bif.h"
#include "gc/copy.h"
#include "port/port.h"
#include "process/vm_services.h"
#include "runtime/ports.h"
#include "runtime/vm.h"
#include "term/atom_table.h"
#include "term/code_refs.h"

namespace girder {

Message* vm_make_signal(SigKind kind, Term from, Term term) {
  auto* s = new Message;
  s->kind = kind;
  s->from = from;
  if (is_value(term) && !is_immed(term)) {
    s->frag_heap = new Heap;
    s->term = copy_term(term, *s->frag_heap);
  } else {
    s->term = term;
  }
  return s;
}

namespace {

// The process `to` is gone (or going: its queue is closed) before it took
// s: the sender gets what the receiver would have answered. A link is
// answered by an exit signal noproc, a monitor by DOWN noproc, a request by
// its dead-receiver answer; anything else is dropped.
void undeliverable(Term to, Message* s);

// Posts s to the process `to`; false if it does not exist (s has then
// been answered as undeliverable).
bool post(Term to, Message* s) {
  Process* o = vm_lookup(to);
  if (!o || !o->mbox.push(s)) {
    undeliverable(to, s);
    return false;
  }
  vm_make_runnable(o);
  return true;
}

void undeliverable(Term to, Message* s) {
  switch (s->kind) {
    case SigKind::link: {
      Term from = s->from;
      delete s;
      vm_link_exit(to, from, atom::noproc);
      return;
    }
    case SigKind::monitor: {
      Message* d = vm_make_signal(SigKind::down, to, atom::noproc);
      d->ref = s->ref;
      Term from = s->from;
      delete s;
      post(from, d);
      return;
    }
    case SigKind::rpc:
      s->rpc(nullptr, s);
      return;
    default:
      delete s;
  }
}

bool erase_one(std::vector<Term>& v, Term t) {
  auto it = std::find(v.begin(), v.end(), t);
  if (it == v.end()) return false;
  v.erase(it);
  return true;
}

bool dying(const Process* p) { return p->pending_exit || p->status == ProcStatus::exiting; }

// The receiver ends with `reason` (the process finishes at its next
// scheduling point). The signal s owns the reason's memory: the process
// keeps it until it is gone.
void die(Process* p, Term reason, Message* s) {
  p->exit_reason = reason;
  p->exit_signal.reset(s);
  p->exc_class = THE_NON_VALUE;
  p->pending_exit = true;
  vm_make_runnable(p);
}

// Turns s into the message {Tag, A, B} (A, B: immediates or terms in s's
// heap) in p's queue.
void become_message(Process* p, Message* s, Term tuple) {
  s->term = tuple;
  s->kind = SigKind::message;
  p->mbox.append(s);
}

Heap& heap_of(Message* s) {
  if (!s->frag_heap) s->frag_heap = new Heap;
  return *s->frag_heap;
}

AliasRecord* find_alias(Process* p, const RefKey& key) {
  for (AliasRecord& a : p->aliases)
    if (a.ref == key) return &a;
  return nullptr;
}

void remove_alias(Process* p, const RefKey& key) {
  auto it = std::find_if(p->aliases.begin(), p->aliases.end(),
                         [&](const AliasRecord& a) { return a.ref == key; });
  if (it == p->aliases.end()) return;
  p->aliases.erase(it);
  vm_alias_remove(key);
}

// A monitor of p's went away (demonitor, or it fired): an alias made with
// it in mode demonitor or reply_demonitor goes too.
void monitor_gone(Process* p, const RefKey& key) {
  AliasRecord* a = find_alias(p, key);
  if (a && (a->mode == AliasMode::demonitor || a->mode == AliasMode::reply_demonitor))
    remove_alias(p, key);
}

// Tells the target of p's monitor `key` that it is gone (a port is changed
// directly: it is no process).
void forget_monitor(Process* p, Term other, const RefKey& key) {
  if (is_local_port(other)) return vm_port_remove_monitor(other, key);
  Message* s = vm_make_signal(SigKind::demonitor, p->id, THE_NON_VALUE);
  s->ref = key;
  post(other, s);
}

// Removes p's monitor `key` (watching side) and tells the target.
bool demonitor_key(Process* p, const RefKey& key) {
  auto it = std::find_if(p->monitors.begin(), p->monitors.end(),
                         [&](const MonitorRecord& m) { return m.watching && m.ref == key; });
  if (it == p->monitors.end()) return false;
  Term other = it->other;
  p->monitors.erase(it);
  monitor_gone(p, key);
  forget_monitor(p, other, key);
  return true;
}

// A message through an alias: kept if the alias is active (a reply alias
// then ends, and with reply_demonitor its monitor too), else dropped.
void handle_alias_message(Process* p, Message* s) {
  AliasRecord* a = find_alias(p, s->ref);
  if (!a) {
    delete s;
    return;
  }
  AliasMode mode = a->mode;
  if (mode == AliasMode::reply || mode == AliasMode::reply_demonitor) {
    RefKey key = s->ref;
    if (mode == AliasMode::reply_demonitor) demonitor_key(p, key);
    remove_alias(p, key);
  }
  s->kind = SigKind::message;
  p->mbox.append(s);
}

void handle_exit(Process* p, Message* s, bool link) {
  Term from = s->from, reason = s->term;
  if (dying(p)) {
    delete s;
    return;
  }
  if (link && !erase_one(p->links, from)) {
    delete s;  // unlinked meanwhile
    return;
  }
  if (!link && reason == atom::kill) {
    die(p, atom::killed, s);
  } else if (p->trap_exit) {
    become_message(p, s, make_tuple(heap_of(s), {atom::EXIT, from, reason}));
  } else if (reason == atom::normal && (link || from != p->id)) {
    delete s;
  } else {
    die(p, reason, s);
  }
}

void handle_down(Process* p, Message* s) {
  auto it = std::find_if(p->monitors.begin(), p->monitors.end(), [&](const MonitorRecord& m) {
    return m.watching && m.ref == s->ref;
  });
  if (it == p->monitors.end() || dying(p)) {
    delete s;  // demonitored meanwhile
    return;
  }
  Heap& h = heap_of(s);
  Term who = is_value(it->name) ? make_tuple(h, {it->name, this_node()}) : s->from;
  Term tag = is_value(it->tag) ? copy_term(it->tag, h) : atom::DOWN;
  p->monitors.erase(it);
  monitor_gone(p, s->ref);
  Term type = is_port(s->from) ? atom::port : atom::process;
  become_message(p, s, make_tuple(h, {tag, s->ref.to_term(h), type, who, s->term}));
}

}  // namespace

void vm_handle_signal(Process* p, Message* s) {
  switch (s->kind) {
    case SigKind::exit:
      return handle_exit(p, s, false);
    case SigKind::link_exit:
      return handle_exit(p, s, true);
    case SigKind::down:
      return handle_down(p, s);
    case SigKind::link:
      // recorded even while dying: the exit then reaches the new link
      if (std::find(p->links.begin(), p->links.end(), s->from) == p->links.end())
        p->links.push_back(s->from);
      break;
    case SigKind::unlink:
      erase_one(p->links, s->from);
      break;
    case SigKind::monitor:
      p->monitors.push_back({s->ref, s->from, s->name, false});
      break;
    case SigKind::demonitor:
      p->monitors.erase(std::remove_if(p->monitors.begin(), p->monitors.end(),
                                       [&](const MonitorRecord& m) { return !m.watching && m.ref == s->ref; }),
                        p->monitors.end());
      break;
    case SigKind::alias_message:
      return handle_alias_message(p, s);
    case SigKind::rpc:
      s->rpc(p, s);  // takes s
      return;
    case SigKind::message:
      p->mbox.append(s);
      return;
    case SigKind::marker:  // never sent: markers are made by the owner
      break;
  }
  delete s;
}

bool vm_link(Process* p, Term other) {
  if (other == p->id) return true;
  if (is_local_port(other)) {
    LockedPort port = vm_port_acquire(other);
    if (!port) return false;
    if (std::find(p->links.begin(), p->links.end(), other) != p->links.end()) return true;
    p->links.push_back(other);
    port->links.push_back(p->id);
    return true;
  }
  if (!vm_lookup(other)) return false;
  if (std::find(p->links.begin(), p->links.end(), other) != p->links.end()) return true;
  p->links.push_back(other);
  post(other, vm_make_signal(SigKind::link, p->id, THE_NON_VALUE));
  return true;
}

void vm_unlink(Process* p, Term other) {
  if (!erase_one(p->links, other)) return;
  if (is_local_port(other)) {
    if (LockedPort port = vm_port_acquire(other)) erase_one(port->links, p->id);
    return;
  }
  post(other, vm_make_signal(SigKind::unlink, p->id, THE_NON_VALUE));
}

Term vm_monitor(Process* p, Term target, Term name, AliasMode alias, Term tag, bool port) {
  Term ref = vm_make_ref(p->heap);
  RefKey key = RefKey::of(ref);
  if (alias != AliasMode::none) {
    p->aliases.push_back({key, alias});
    vm_alias_add(key, p->id);
  }
  // a port is locked until its monitor is in place (it cannot close meanwhile)
  LockedPort watched_port = port && is_value(target) ? vm_port_acquire(target) : LockedPort();
  Process* o = !port && is_value(target) ? vm_lookup(target) : nullptr;
  if (!o && !watched_port) {
    // {'DOWN', Ref, process | port, Who, noproc} at once: the monitor has fired
    Term who = is_value(name) ? make_tuple(p->heap, {name, this_node()}) : target;
    Term first = is_value(tag) ? tag : atom::DOWN;
    Term type = port ? atom::port : atom::process;
    vm_send(p, p->id, make_tuple(p->heap, {first, ref, type, who, atom::noproc}));
    monitor_gone(p, key);
    return ref;
  }
  MonitorRecord rec{key, target, name, true};
  if (is_value(tag)) {
    rec.tag_heap = std::make_shared<Heap>();
    rec.tag = copy_term(tag, *rec.tag_heap);
  }
  p->monitors.push_back(std::move(rec));
  if (watched_port) {
    vm_port_add_monitor(watched_port.get(), PortMonitor{key, p->id, name});
    return ref;
  }
  Message* s = vm_make_signal(SigKind::monitor, p->id, THE_NON_VALUE);
  s->ref = key;
  s->name = name;
  post(target, s);
  return ref;
}

bool vm_demonitor(Process* p, Term ref) { return demonitor_key(p, RefKey::of(ref)); }

Term vm_alias(Process* p, AliasMode mode) {
  Term ref = vm_make_ref(p->heap);
  RefKey key = RefKey::of(ref);
  p->aliases.push_back({key, mode});
  vm_alias_add(key, p->id);
  return ref;
}

bool vm_unalias(Process* p, Term ref) {
  RefKey key = RefKey::of(ref);
  if (!find_alias(p, key)) return false;
  remove_alias(p, key);
  return true;
}

void vm_send_alias(Term ref, Term msg) {
  RefKey key = RefKey::of(ref);
  Term owner = vm_alias_owner(key);
  if (!is_value(owner)) return;  // no such alias: dropped, as in ERTS
  Message* s = vm_make_signal(SigKind::alias_message, THE_NON_VALUE, msg);
  s->ref = key;
  post(owner, s);
}

Term vm_rpc_call(Process* p, Term to, Term arg, void (*fn)(Process*, Message*)) {
  Term ref = vm_make_ref(p->heap);
  Message* s = vm_make_signal(SigKind::rpc, p->id, arg);
  s->ref = RefKey::of(ref);
  s->rpc = fn;
  post(to, s);  // a process that is gone: fn answers at once
  static Export* await = export_put(atom::erts_internal, atom::await_result, 1);
  return bif_trap(p, await, {ref});
}

bool vm_post(Term to, Message* s) { return post(to, s); }

void vm_rpc_reply(Message* req, Term result) {
  Heap& h = heap_of(req);
  vm_rpc_reply_message(req, make_tuple(h, {req->ref.to_term(h), result}));
}

void vm_rpc_reply_message(Message* req, Term reply) {
  req->kind = SigKind::message;
  req->term = reply;
  req->rpc = nullptr;
  Term to = req->from;
  Process* o = vm_lookup(to);
  if (!o || !o->mbox.push(req)) {
    delete req;
    return;
  }
  vm_make_runnable(o);
}

Heap& vm_rpc_heap(Message* req) { return heap_of(req); }

void vm_exit_signal(Term from, Term to, Term reason) {
  if (is_local_port(to)) {
    if (LockedPort port = vm_port_acquire(to)) vm_port_exit(port.get(), from, reason, false, false);
    return;
  }
  post(to, vm_make_signal(SigKind::exit, from, reason));
}

void vm_link_exit(Term from, Term to, Term reason) {
  post(to, vm_make_signal(SigKind::link_exit, from, reason));
}

void vm_exit_relations(Process* p, Term reason) {
  // the signals that came in last: a link or monitor made meanwhile is
  // answered like the others, a request as to a process that is gone;
  // from here on senders find the queue closed (undeliverable)
  Message* last = p->mbox.close();
  while (last) {
    Message* s = last;
    last = s->next;
    s->next = nullptr;
    switch (s->kind) {
      case SigKind::link:
      case SigKind::unlink:
      case SigKind::monitor:
      case SigKind::demonitor:
        vm_handle_signal(p, s);
        break;
      case SigKind::rpc:
        s->rpc(nullptr, s);
        break;
      default:
        delete s;
    }
  }
  std::vector<Term> links = std::move(p->links);
  for (Term l : links) {
    if (!is_local_port(l)) {
      vm_link_exit(p->id, l, reason);
      continue;
    }
    if (LockedPort port = vm_port_acquire(l)) vm_port_exit(port.get(), p->id, reason, false, true);
  }
  for (const AliasRecord& a : p->aliases) vm_alias_remove(a.ref);
  p->aliases.clear();
  std::vector<MonitorRecord> monitors = std::move(p->monitors);
  for (const MonitorRecord& m : monitors) {
    if (m.watching) {
      forget_monitor(p, m.other, m.ref);
      continue;
    }
    Message* s = vm_make_signal(SigKind::down, p->id, reason);
    s->ref = m.ref;
    post(m.other, s);
  }
}

Term vm_process_relations(Heap& h, Process* q, Term item) {
  std::vector<Term> out;
  if (item == atom::links) {
    out = q->links;
  } else {
    for (const MonitorRecord& m : q->monitors) {
      if (item == atom::monitors && m.watching) {
        Term what = is_value(m.name) ? make_tuple(h, {m.name, this_node()}) : m.other;
        out.push_back(make_tuple(h, {is_port(m.other) ? atom::port : atom::process, what}));
      } else if (item == atom::monitored_by && !m.watching) {
        out.push_back(m.other);
      }
    }
  }
  return make_list_from(h, out.data(), out.size());
}

}  // namespace girder
