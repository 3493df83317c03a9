#include "process/mailbox.h"

namespace girder {

namespace {
void free_message(Message* m) { delete m; }
}  // namespace

Mailbox::~Mailbox() {
  fetch();
  while (first_) {
    Message* n = first_->next;
    free_message(first_);
    first_ = n;
  }
}

void Mailbox::push(Message* m) {
  m->next = nullptr;
  std::lock_guard<std::mutex> g(lock_);
  *outer_last_ = m;
  outer_last_ = &m->next;
}

void Mailbox::fetch() {
  std::lock_guard<std::mutex> g(lock_);
  if (!outer_first_) return;
  *last_ = outer_first_;
  last_ = outer_last_;
  for (Message* m = outer_first_; m; m = m->next) len_++;
  outer_first_ = nullptr;
  outer_last_ = &outer_first_;
}

Message* Mailbox::remove_current() {
  Message* m = *save_;
  *save_ = m->next;
  if (last_ == &m->next) last_ = save_;
  save_ = &first_;
  len_--;
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
