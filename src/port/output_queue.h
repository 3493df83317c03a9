// A port's output queue (ERTS: the port queue, driver_enq / driver_deq):
// bytes a driver accepted but could not write yet, in order. The driver
// writes from its front when its fd is writable.
#pragma once

#include <sys/uio.h>

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>

namespace girder {

class OutputQueue {
 public:
  // Appends a copy of the bytes.
  void push(const uint8_t* data, size_t size);
  // Bytes queued (port_info queue_size).
  size_t size() const { return bytes_; }
  bool empty() const { return bytes_ == 0; }
  // Fills up to max iovecs with the queue's front, in order; returns how
  // many it filled.
  int peek(iovec* iov, int max) const;
  // Drops the first n bytes (n <= size()).
  void consume(size_t n);
  void clear();
  // Bytes of memory the queue holds (port_info memory).
  size_t memory() const;

 private:
  std::deque<std::string> chunks_;
  size_t head_ = 0;   // bytes of chunks_.front() already written
  size_t bytes_ = 0;  // sum of the chunks' sizes, minus head_
};

}  // namespace girder
