#include "process/mailbox.h"

#include "process/vm_services.h"

namespace girder {

namespace {
void free_message(Message* m) { delete m; }
}  // namespace

Mailbox::~Mailbox() {
  // signals nobody will act on any more (the owner has exited)
  Message* outer = outer_.load(std::memory_order_acquire);
  if (outer == closed()) outer = nullptr;
  for (Message* list : {outer, first_}) {
    while (list) {
      Message* n = list->next;
      free_message(list);
      list = n;
    }
  }
}

bool Mailbox::push(Message* m) {
  Message* head = outer_.load(std::memory_order_relaxed);
  do {
    if (head == closed()) return false;
    m->next = head;
  } while (!outer_.compare_exchange_weak(head, m, std::memory_order_acq_rel,
                                         std::memory_order_relaxed));
  return true;
}

namespace {
// A list linked newest first, in sending order.
Message* oldest_first(Message* head) {
  Message* oldest = nullptr;
  while (head) {
    Message* n = head->next;
    head->next = oldest;
    oldest = head;
    head = n;
  }
  return oldest;
}
}  // namespace

Message* Mailbox::take_outer() {
  // only the owner empties or closes the queue: what it sees here stays
  // non-empty and open until its exchange
  Message* head = outer_.load(std::memory_order_relaxed);
  if (head == nullptr || head == closed()) return nullptr;
  return oldest_first(outer_.exchange(nullptr, std::memory_order_acq_rel));
}

Message* Mailbox::close() {
  Message* head = outer_.exchange(closed(), std::memory_order_acq_rel);
  return head == closed() ? nullptr : oldest_first(head);
}

std::vector<const Message*> Mailbox::pending_messages() const {
  std::vector<const Message*> v;
  Message* head = outer_.load(std::memory_order_acquire);
  if (head == closed()) return v;
  for (const Message* m = head; m; m = m->next)
    if (m->kind == SigKind::message) v.push_back(m);
  return {v.rbegin(), v.rend()};
}

void Mailbox::fetch() {
  Message* taken = take_outer();
  while (taken) {
    Message* m = taken;
    taken = m->next;
    m->next = nullptr;
    if (m->kind == SigKind::message) {
      append(m);
    } else {
      vm_handle_signal(owner_, m);  // takes m
    }
  }
}

void Mailbox::append(Message* m) {
  m->next = nullptr;
  *last_ = m;
  last_ = &m->next;
  len_++;
  fresh_ = true;
}

Message* Mailbox::remove_current() {
  Message* m = *save_;
  *save_ = m->next;
  relink(save_);
  if (last_ == &m->next) last_ = save_;
  save_ = &first_;
  len_--;
  if (m->in_heap) adopted_--;
  return m;
}

Uint Mailbox::length() {
  fetch();
  return len_;
}

bool Mailbox::has_pending_outer() {
  Message* head = outer_.load(std::memory_order_acquire);
  return head != nullptr && head != closed();
}

void Mailbox::unlink_marker(Message* m) {
  Message** slot = m->prev;
  *slot = m->next;
  relink(slot);
  if (last_ == &m->next) last_ = slot;
  if (save_ == &m->next) save_ = slot;
  delete m;
}

Uint Mailbox::reserve_marker() {
  fetch();  // the marker goes after everything sent before it
  Uint id = MAX_MARKERS;
  for (Uint i = 0; i < MAX_MARKERS; i++)
    if (!markers_[i]) {
      id = i;
      break;
    }
  if (id == MAX_MARKERS) {  // all in use: the oldest slot's marker goes
    id = next_marker_;
    next_marker_ = (next_marker_ + 1) % MAX_MARKERS;
    unlink_marker(markers_[id]);
  }
  auto* m = new Message;
  m->kind = SigKind::marker;
  m->prev = last_;
  *last_ = m;
  last_ = &m->next;
  markers_[id] = m;
  return id;
}

void Mailbox::bind_marker(Uint id, const RefKey& ref) {
  if (id >= MAX_MARKERS || !markers_[id]) return;
  markers_[id]->ref = ref;
  markers_[id]->bound = true;
}

void Mailbox::use_marker(const RefKey& ref) {
  for (Message* m : markers_)
    if (m && m->bound && m->ref == ref) {
      fetch();
      save_ = &m->next;
      return;
    }
}

void Mailbox::clear_marker(const RefKey& ref) {
  for (Message*& m : markers_)
    if (m && m->bound && m->ref == ref) {
      unlink_marker(m);
      m = nullptr;
    }
}

}  // namespace girder
