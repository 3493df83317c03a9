// Cutting a byte stream into packets and parsing the packets of the http
// and ssl_tls types (ERTS: packet_parser.c), shared by the tcp_inet driver
// ({packet, Type} on a socket) and erlang:decode_packet/3. Types are the
// TCP_PB_* codes of port/inet_codes.def.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "term/heap.h"
#include "term/term.h"

namespace girder {

// The length of the packet at the front of p[0..n): > 0 the whole packet's
// length in bytes (possibly more than n: that many are needed), 0 when more
// bytes are needed to know it, < 0 when the bytes are not a packet of the
// type (or one longer than max_len). max_len bounds a packet (0: no bound);
// trunc_len cuts longer lines (0: never); delimiter ends a line.
// *http_state is 0 before an http start line, nonzero among headers.
int packet_length(int type, const uint8_t* p, size_t n, unsigned max_len, unsigned trunc_len,
                  uint8_t delimiter, int* http_state);

// The body of a whole packet of `len` bytes at *p: the length header (1, 2,
// 4) skipped, fcgi's padding dropped; other types are their own body.
void packet_body(int type, const uint8_t** p, size_t* len);

// An http request's target, as ERTS's PacketHttpURI.
struct HttpUri {
  enum Kind : uint8_t { star, string, abs_path, scheme, http, https };
  Kind kind = star;
  std::string_view s1, s2;  // path | string | scheme, rest | host, path
  int port = 0;             // 0: undefined
};

// A parsed http or ssl_tls packet. Views point into the packet's bytes.
struct ParsedPacket {
  enum Kind : uint8_t { none, http_response, http_request, http_header, http_eoh, http_error, ssl_tls };
  Kind kind = none;
  int major = 0, minor = 0;  // http version, or the ssl_tls version
  int status = 0;            // http_response
  std::string_view text;     // response phrase, error line
  int method = -1;           // index of a known method (GET, ...), else -1
  std::string_view method_name;
  HttpUri uri;
  int field = -1;            // index of a known header field, else -1
  std::string name;          // the field's name in canonical case
  std::string_view raw_name, value;
  int content_type = 0;      // ssl_tls
  std::string data;          // ssl_tls: the record's fragment (with the v2 prefix)
};

// Parses a whole packet of an http or ssl_tls type (kind none for the other
// types). A packet that is not http gives http_error. Advances *http_state.
ParsedPacket packet_parse(int type, const uint8_t* p, size_t len, int* http_state);

// The packet as a term: http_* tuples (strings as binaries for http_bin and
// httph_bin), and {ssl_tls, Second, Type, {Major, Minor}, Bin}, where the
// driver puts the port as Second and decode_packet [].
Term packet_term(Heap& h, const ParsedPacket& pkt, int type, Term second);

// The packet type named by decode_packet/3's Type (raw, 0, 1, 2, 4, asn1,
// ...), or -1.
int packet_type_of(Term name);

}  // namespace girder
