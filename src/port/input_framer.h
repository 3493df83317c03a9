// How a port's input becomes messages (ERTS: the packet parsing of the
// spawn and fd drivers, and the line buffer of io.c):
//   stream        each read as it came: {data, Bytes}
//   {packet, N}   a big-endian length of N bytes, then that many bytes:
//                 {data, Packet}; a partial packet at end of input is lost
//   {line, L}     lines of at most L bytes: {data, {eol, Line}} when a
//                 newline ended it (a CR just before the newline is
//                 dropped), {data, {noeol, Part}} for L bytes without one
//                 and for what is left at end of input.
// A CR that arrives when L bytes are already buffered is held back, so
// that "L bytes, CR, LF" is one {eol, ...}; if something else follows,
// the L bytes go out as noeol and the CR starts the next line.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "term/term.h"

namespace girder {

class InputFramer {
 public:
  enum class Piece : uint8_t { data, eol, noeol };
  using Sink = std::function<void(Piece, std::string_view)>;

  // packet_bytes 0, 1, 2 or 4; line_length 0 (off) or the line size. Not
  // both (open_port/2 refuses that).
  void configure(int packet_bytes, Uint line_length);
  // Bytes as read; calls sink for each complete piece.
  void feed(const uint8_t* data, size_t size, const Sink& sink);
  // End of input: what is left of a line goes out as noeol.
  void end(const Sink& sink);

 private:
  void feed_packets(const uint8_t* data, size_t size, const Sink& sink);
  void feed_lines(const uint8_t* data, size_t size, const Sink& sink);
  void line_char(char c, const Sink& sink);

  int packet_bytes_ = 0;
  Uint line_length_ = 0;
  // packets: the header so far, then the payload so far; lines: the line
  // so far (line_length_ bytes plus a held-back CR at most)
  std::string buf_;
  size_t need_ = 0;  // packets: payload bytes still missing once the header is in
  bool in_payload_ = false;
};

}  // namespace girder
