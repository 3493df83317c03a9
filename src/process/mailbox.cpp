#include "process/mailbox.h"

#include "process/vm_services.h"

namespace girder {

namespace {
void free_message(Message* m) { delete m; }
}  // namespace

Mailbox::~Mailbox() {
  // signals nobody will act on any more (the owner has exited)
  for (Message* list : {outer_first_, first_}) {
    while (list) {
      Message* n = list->next;
      free_message(list);
      list = n;
    }
  }
}

void Mailbox::push(Message* m) {
  m->next = nullptr;
  std::lock_guard<std::mutex> g(lock_);
  *outer_last_ = m;
  outer_last_ = &m->next;
}

void Mailbox::fetch() {
  Message* taken;
  {
    std::lock_guard<std::mutex> g(lock_);
    taken = outer_first_;
    outer_first_ = nullptr;
    outer_last_ = &outer_first_;
  }
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
  std::lock_guard<std::mutex> g(lock_);
  return outer_first_ != nullptr;
}

}  // namespace girder
