// Internal to src/beam: the bounds-checked byte reader that every chunk
// parser uses, and the error it throws. read_beam() catches BeamError and
// turns it into its `error` string, so a parser never returns half-checked
// data: any inconsistency stops the whole read.
#pragma once

#include <cstdint>
#include <string>
#include <utility>

#include "term/term.h"

namespace girder::beam {

// A load error, already formatted: "chunk Code at offset 1234: ...".
struct BeamError {
  std::string message;
};

[[noreturn]] void throw_error(const char* where, Uint file_offset,
                              const std::string& what);

// Reads big-endian fields from one region of the file (usually a chunk's
// data). Every read checks the remaining length first; a short read throws
// a BeamError naming the region and the file offset of the failed read.
class ByteReader {
 public:
  // `where` names the region in messages ("chunk Code", "file header");
  // `file_offset` is the offset of data[0] in the file.
  ByteReader(const uint8_t* data, Uint size, std::string where, Uint file_offset)
      : begin_(data), pos_(data), end_(data + size), where_(std::move(where)),
        base_(file_offset) {}

  Uint remaining() const { return Uint(end_ - pos_); }
  bool at_end() const { return pos_ == end_; }
  // File offset of the next byte.
  Uint offset() const { return base_ + Uint(pos_ - begin_); }
  const uint8_t* position() const { return pos_; }

  uint8_t u8() {
    need(1);
    return *pos_++;
  }
  uint16_t u16() {
    need(2);
    uint16_t v = uint16_t(pos_[0] << 8 | pos_[1]);
    pos_ += 2;
    return v;
  }
  uint32_t u32() {
    need(4);
    uint32_t v = uint32_t(pos_[0]) << 24 | uint32_t(pos_[1]) << 16 |
                 uint32_t(pos_[2]) << 8 | uint32_t(pos_[3]);
    pos_ += 4;
    return v;
  }
  // n raw bytes; returns a pointer into the file image.
  const uint8_t* bytes(Uint n) {
    need(n);
    const uint8_t* p = pos_;
    pos_ += n;
    return p;
  }
  void skip(Uint n) { bytes(n); }

  // A count read from the file, checked against the bytes left: each of
  // the `count` items takes at least `min_item_bytes` bytes, so a corrupt
  // count can never make us reserve more than the file could describe.
  uint32_t count(const char* what, Uint min_item_bytes) {
    Uint at = offset();
    uint32_t n = u32();
    if (n > 0x7fffffff)
      fail_at(at, std::string("negative ") + what + " count");
    if (min_item_bytes && Uint(n) > remaining() / min_item_bytes)
      fail_at(at, std::string(what) + " count " + std::to_string(n) +
                      " exceeds the chunk size");
    return n;
  }

  [[noreturn]] void fail(const std::string& what) const { fail_at(offset(), what); }
  [[noreturn]] void fail_at(Uint file_offset, const std::string& what) const {
    throw_error(where_.c_str(), file_offset, what);
  }
  const std::string& where() const { return where_; }

 private:
  void need(Uint n) {
    if (remaining() < n)
      fail("truncated: need " + std::to_string(n) + " bytes, " +
           std::to_string(remaining()) + " left");
  }

  const uint8_t* begin_;
  const uint8_t* pos_;
  const uint8_t* end_;
  std::string where_;
  Uint base_;
};

}  // namespace girder::beam
