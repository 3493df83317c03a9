#include "port/output_queue.h"

namespace girder {

void OutputQueue::push(const uint8_t* data, size_t size) {
  if (size == 0) return;
  chunks_.emplace_back(reinterpret_cast<const char*>(data), size);
  bytes_ += size;
}

int OutputQueue::peek(iovec* iov, int max) const {
  int n = 0;
  size_t skip = head_;
  for (const std::string& c : chunks_) {
    if (n == max) break;
    iov[n].iov_base = const_cast<char*>(c.data() + skip);
    iov[n].iov_len = c.size() - skip;
    skip = 0;
    n++;
  }
  return n;
}

void OutputQueue::consume(size_t n) {
  bytes_ -= n;
  while (n > 0) {
    size_t left = chunks_.front().size() - head_;
    if (n < left) {
      head_ += n;
      return;
    }
    n -= left;
    chunks_.pop_front();
    head_ = 0;
  }
}

void OutputQueue::clear() {
  chunks_.clear();
  head_ = 0;
  bytes_ = 0;
}

size_t OutputQueue::memory() const {
  size_t m = 0;
  for (const std::string& c : chunks_) m += c.capacity();
  return m;
}

}  // namespace girder
