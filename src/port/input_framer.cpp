#include "port/input_framer.h"

#include <algorithm>

namespace girder {

void InputFramer::configure(int packet_bytes, Uint line_length) {
  packet_bytes_ = packet_bytes;
  line_length_ = line_length;
  buf_.clear();
  need_ = 0;
  in_payload_ = false;
}

void InputFramer::feed(const uint8_t* data, size_t size, const Sink& sink) {
  if (packet_bytes_ > 0) return feed_packets(data, size, sink);
  if (line_length_ > 0) return feed_lines(data, size, sink);
  if (size > 0) sink(Piece::data, std::string_view(reinterpret_cast<const char*>(data), size));
}

void InputFramer::feed_packets(const uint8_t* data, size_t size, const Sink& sink) {
  const char* p = reinterpret_cast<const char*>(data);
  const char* end = p + size;
  for (;;) {
    if (!in_payload_) {
      while (p < end && buf_.size() < size_t(packet_bytes_)) buf_.push_back(*p++);
      if (buf_.size() < size_t(packet_bytes_)) return;
      need_ = 0;
      for (char c : buf_) need_ = (need_ << 8) | uint8_t(c);
      buf_.clear();
      in_payload_ = true;
    }
    // a whole packet in this read: no copy
    if (buf_.empty() && size_t(end - p) >= need_) {
      sink(Piece::data, std::string_view(p, need_));
      p += need_;
      in_payload_ = false;
      continue;
    }
    size_t take = std::min(need_ - buf_.size(), size_t(end - p));
    buf_.append(p, take);
    p += take;
    if (buf_.size() < need_) return;
    std::string packet;
    packet.swap(buf_);
    in_payload_ = false;
    sink(Piece::data, packet);
  }
}

void InputFramer::feed_lines(const uint8_t* data, size_t size, const Sink& sink) {
  for (size_t i = 0; i < size; i++) line_char(char(data[i]), sink);
}

void InputFramer::line_char(char c, const Sink& sink) {
  if (c == '\n') {
    if (!buf_.empty() && buf_.back() == '\r') buf_.pop_back();
    sink(Piece::eol, buf_);
    buf_.clear();
    return;
  }
  if (buf_.size() < line_length_) {
    buf_.push_back(c);
    return;
  }
  if (buf_.size() == line_length_) {
    if (c == '\r') {
      buf_.push_back(c);  // held back: a newline may follow
      return;
    }
    sink(Piece::noeol, buf_);
    buf_.assign(1, c);
    return;
  }
  // a full line and a held-back CR, and no newline after it: the line goes
  // out, the CR starts the next one, then c is taken as usual
  sink(Piece::noeol, std::string_view(buf_).substr(0, line_length_));
  buf_.assign(1, '\r');
  line_char(c, sink);
}

void InputFramer::end(const Sink& sink) {
  if (line_length_ > 0 && !buf_.empty()) {
    if (buf_.size() > line_length_) {
      sink(Piece::noeol, std::string_view(buf_).substr(0, line_length_));
      sink(Piece::noeol, std::string_view(buf_).substr(line_length_));
    } else {
      sink(Piece::noeol, buf_);
    }
  }
  buf_.clear();
  need_ = 0;
  in_payload_ = false;
}

}  // namespace girder
