#include "port/packet_parser.h"

#include <climits>
#include <cstring>

#include "port/inet_codes.h"
#include "term/atom_table.h"
#include "term/binary.h"

namespace girder {

namespace {

using namespace inet;

// The header fields and methods ERTS knows by name: they come as atoms
// ('Content-Type'), and a field's number in http_header is its index + 1.
constexpr const char* HTTP_FIELDS[] = {
    "Cache-Control", "Connection", "Date", "Pragma", "Transfer-Encoding", "Upgrade", "Via",
    "Accept", "Accept-Charset", "Accept-Encoding", "Accept-Language", "Authorization", "From",
    "Host", "If-Modified-Since", "If-Match", "If-None-Match", "If-Range", "If-Unmodified-Since",
    "Max-Forwards", "Proxy-Authorization", "Range", "Referer", "User-Agent", "Age", "Location",
    "Proxy-Authenticate", "Public", "Retry-After", "Server", "Vary", "Warning",
    "Www-Authenticate", "Allow", "Content-Base", "Content-Encoding", "Content-Language",
    "Content-Length", "Content-Location", "Content-Md5", "Content-Range", "Content-Type", "Etag",
    "Expires", "Last-Modified", "Accept-Ranges", "Set-Cookie", "Set-Cookie2", "X-Forwarded-For",
    "Cookie", "Keep-Alive", "Proxy-Connection"};
constexpr const char* HTTP_METHODS[] = {"OPTIONS", "GET", "HEAD", "POST", "PUT", "DELETE", "TRACE"};
// Longer field names are not canonicalised (ERTS's HTTP_MAX_NAME_LEN).
constexpr size_t MAX_FIELD_NAME = 50;

template <size_t N>
int index_of(const char* const (&table)[N], std::string_view s) {
  for (size_t i = 0; i < N; i++)
    if (s == table[i]) return int(i);
  return -1;
}

// HTTP's separators (RFC 2616 "tspecials"), control characters and
// anything beyond ASCII end a token. DEL does not (as in ERTS).
bool is_separator(uint8_t c) {
  if (c <= 32 || c >= 128) return true;
  return std::strchr("()<>@,;:\\\"/[]?={}", c) != nullptr;
}
bool is_space(uint8_t c) { return c == ' ' || c == '\t'; }
bool is_digit(uint8_t c) { return c >= '0' && c <= '9'; }

uint32_t be(const uint8_t* p, int n) {
  uint32_t v = 0;
  for (int i = 0; i < n; i++) v = (v << 8) | p[i];
  return v;
}

// The length of an http line (with its continuation lines among headers)
// at the front of p[0..n).
int http_line_length(const uint8_t* p, size_t n, unsigned max_len, unsigned trunc_len, int state) {
  if ((n == 1 && p[0] == '\n') || (n == 2 && p[0] == '\r' && p[1] == '\n')) return int(n);
  // line_length bounds http lines too, where packet_size is not given
  // (decode_packet's older users)
  if (max_len == 0) max_len = trunc_len;
  size_t from = 0;
  for (;;) {
    const void* nl = std::memchr(p + from, '\n', n - from);
    if (!nl) return max_len != 0 && n >= max_len ? -1 : 0;
    size_t len = size_t(static_cast<const uint8_t*>(nl) - p) + 1;
    bool too_long = max_len != 0 && len > max_len;
    if (state == 0) return too_long ? -1 : int(len);
    if (len >= n) return too_long ? -1 : 0;  // a continuation line may follow
    if (!(is_space(p[len]) && len > 2)) return too_long ? -1 : int(len);
    from = len;  // the field's value goes on on the next line
  }
}

// A header of hlen bytes announcing a body of plen: the packet's length,
// or -1 when the body is larger than allowed.
int with_header(unsigned hlen, uint64_t plen, unsigned max_len) {
  uint64_t limit = max_len != 0 ? max_len : uint64_t(INT_MAX - hlen);
  if (plen > limit) return -1;
  return int(hlen + plen);
}

int asn1_length(const uint8_t* p, size_t n, unsigned max_len) {
  if (n < 2) return 0;
  const uint8_t* t = p;
  size_t left = n - 1;
  if ((*t++ & 0x1f) == 0x1f) {  // a tag of several bytes
    while (left && (*t & 0x80)) {
      t++;
      left--;
    }
    if (left < 2) return 0;
    t++;
    left--;
  }
  uint64_t plen = *t & 0x7f;
  if (*t & 0x80) {  // the length in the next (plen) bytes
    int bytes = int(plen);
    t++;
    left--;
    if (left < size_t(bytes)) return 0;
    if (bytes > 4) return -1;
    plen = be(t, bytes);
    t += bytes;
  } else {
    t++;
  }
  return with_header(unsigned(t - p), plen, max_len);
}

int line_length(const uint8_t* p, size_t n, unsigned max_len, unsigned trunc_len, uint8_t delim) {
  const void* end = std::memchr(p, delim, n);
  if (!end) {
    if (max_len != 0 && n > max_len) return -1;
    if (trunc_len != 0 && n >= trunc_len) return int(trunc_len);
    return 0;
  }
  size_t len = size_t(static_cast<const uint8_t*>(end) - p) + 1;
  if (max_len != 0 && len > max_len) return -1;
  if (trunc_len != 0 && len > trunc_len) return int(trunc_len);
  return int(len);
}

// ---- http ---------------------------------------------------------------------

// Reads 1*DIGIT; false if there is none.
bool digits(const uint8_t*& p, size_t& n, int* out) {
  const uint8_t* start = p;
  int v = 0;
  while (n && is_digit(*p)) {
    v = v * 10 + (*p - '0');
    p++;
    n--;
  }
  *out = v;
  return p != start;
}

void skip_spaces(const uint8_t*& p, size_t& n) {
  while (n && is_space(*p)) {
    p++;
    n--;
  }
}

// "HTTP/" has been read: Major "." Minor.
bool http_version(const uint8_t*& p, size_t& n, int* major, int* minor) {
  if (!digits(p, n, major) || n == 0 || *p != '.') return false;
  p++;
  n--;
  return digits(p, n, minor);
}

std::string_view view(const uint8_t* p, size_t n) { return {reinterpret_cast<const char*>(p), n}; }

// host[:port][/path] after "http://" (no bracketed IPv6 hosts in ERTS 25:
// the first ':' ends the host).
void absolute_uri(HttpUri* uri, const uint8_t* p, size_t n) {
  const void* slash = std::memchr(p, '/', n);
  if (!slash) {
    uri->s2 = "/";
  } else {
    size_t at = size_t(static_cast<const uint8_t*>(slash) - p);
    uri->s2 = view(p + at, n - at);
    n = at;
  }
  uri->port = 0;
  const void* colon = std::memchr(p, ':', n);
  if (!colon) {
    uri->s1 = view(p, n);
    return;
  }
  size_t at = size_t(static_cast<const uint8_t*>(colon) - p);
  uri->s1 = view(p, at);
  const uint8_t* q = p + at + 1;
  size_t left = n - at - 1;
  int port = 0;
  while (left && is_digit(*q)) {
    port = port * 10 + (*q - '0');
    q++;
    left--;
  }
  if (left == 0 && port != 0) uri->port = port;
}

HttpUri parse_uri(const uint8_t* p, size_t n) {
  HttpUri uri;
  auto prefixed = [&](const char* prefix, size_t len) {
    if (n < len) return false;
    for (size_t i = 0; i < len; i++)
      if ((p[i] | 0x20) != prefix[i]) return false;  // prefix is lower case
    return true;
  };
  if (n == 1 && p[0] == '*') {
    uri.kind = HttpUri::star;
  } else if (n <= 1 || p[0] == '/') {
    uri.kind = HttpUri::abs_path;
    uri.s1 = view(p, n);
  } else if (prefixed("http://", 7)) {
    uri.kind = HttpUri::http;
    absolute_uri(&uri, p + 7, n - 7);
  } else if (prefixed("https://", 8)) {
    uri.kind = HttpUri::https;
    absolute_uri(&uri, p + 8, n - 8);
  } else if (const void* colon = std::memchr(p, ':', n)) {
    size_t at = size_t(static_cast<const uint8_t*>(colon) - p);
    uri.kind = HttpUri::scheme;
    uri.s1 = view(p, at);
    uri.s2 = view(p + at + 1, n - at - 1);
  } else {
    uri.kind = HttpUri::string;
    uri.s1 = view(p, n);
  }
  return uri;
}

// The start line of a message: a status line or a request line.
bool parse_start_line(const uint8_t* buf, size_t n, ParsedPacket* out, int* state) {
  const uint8_t* p = buf;
  if (n >= 5 && std::memcmp(buf, "HTTP/", 5) == 0) {
    p += 5;
    n -= 5;
    if (!http_version(p, n, &out->major, &out->minor)) return false;
    const uint8_t* before = p;
    skip_spaces(p, n);
    if (p == before) return false;
    digits(p, n, &out->status);
    before = p;
    skip_spaces(p, n);
    if (p == before && n > 0) return false;
    out->kind = ParsedPacket::http_response;
    out->text = view(p, n);  // the reason phrase may be empty
    *state = 1;
    return true;
  }
  while (n && !is_separator(*p)) {
    p++;
    n--;
  }
  size_t method_len = size_t(p - buf);
  if (n == 0 || method_len == 0 || !is_space(*p)) return false;
  out->method_name = view(buf, method_len);
  out->method = index_of(HTTP_METHODS, out->method_name);
  skip_spaces(p, n);
  const uint8_t* target = p;
  while (n && !is_space(*p)) {
    p++;
    n--;
  }
  size_t target_len = size_t(p - target);
  if (target_len == 0) return false;
  skip_spaces(p, n);
  if (n == 0) {  // HTTP/0.9: no version
    out->major = 0;
    out->minor = 9;
  } else {
    if (n < 8 || std::memcmp(p, "HTTP/", 5) != 0) return false;
    p += 5;
    n -= 5;
    if (!http_version(p, n, &out->major, &out->minor)) return false;
  }
  out->kind = ParsedPacket::http_request;
  out->uri = parse_uri(target, target_len);
  *state = 1;
  return true;
}

bool parse_header(const uint8_t* buf, size_t n, ParsedPacket* out, int* state) {
  if (n == 0) {  // the empty line: the next message starts afresh
    *state = 0;
    out->kind = ParsedPacket::http_eoh;
    return true;
  }
  const uint8_t* p = buf;
  bool upper = true;  // Canonical-Case: upper after the start and each '-'
  size_t name_len = 0;
  std::string name;
  while (!is_separator(*p)) {
    if (name_len < MAX_FIELD_NAME) {
      char c = char(*p);
      if (upper) {
        if (c >= 'a' && c <= 'z') c = char(c - 32);
        upper = false;
      } else if (c >= 'A' && c <= 'Z') {
        c = char(c + 32);
      } else if (c == '-') {
        upper = true;
      }
      name.push_back(c);
    }
    name_len++;
    p++;
    if (--n == 0) return false;
  }
  if (*p != ':') return false;
  out->raw_name = view(buf, name_len);
  if (name_len <= MAX_FIELD_NAME) {
    out->field = index_of(HTTP_FIELDS, name);
    out->name = std::move(name);
  } else {
    out->name.assign(out->raw_name);  // too long to canonicalise
  }
  p++;
  n--;
  skip_spaces(p, n);
  out->kind = ParsedPacket::http_header;
  out->value = view(p, n);
  return true;
}

ParsedPacket parse_http(const uint8_t* buf, size_t len, int* state) {
  ParsedPacket out;
  size_t n = len;  // without the line's end (CRLF or LF)
  if (n >= 2 && buf[n - 2] == '\r') n -= 2;
  else if (n >= 1 && buf[n - 1] == '\n') n -= 1;
  bool ok = *state == 0 ? parse_start_line(buf, n, &out, state) : parse_header(buf, n, &out, state);
  if (!ok) {
    out = ParsedPacket{};
    out.kind = ParsedPacket::http_error;
    out.text = view(buf, len);
  }
  return out;
}

ParsedPacket parse_ssl(const uint8_t* buf, size_t len) {
  ParsedPacket out;
  out.kind = ParsedPacket::ssl_tls;
  if ((buf[0] & 0x80) && buf[2] == 1) {
    // an SSL 2 client hello: a handshake record of type 1 with a 3-byte
    // length in front, as TLS would carry it
    out.content_type = 22;
    out.major = buf[3];
    out.minor = buf[4];
    size_t body = len - 3;
    out.data.push_back(1);
    out.data.push_back(char(body >> 16));
    out.data.push_back(char(body >> 8));
    out.data.push_back(char(body));
    out.data.append(reinterpret_cast<const char*>(buf + 3), body);
  } else {
    out.content_type = buf[0];
    out.major = buf[1];
    out.minor = buf[2];
    out.data.assign(reinterpret_cast<const char*>(buf + 5), len - 5);
  }
  return out;
}

Term string_term(Heap& h, std::string_view s, bool as_binary) {
  const auto* b = reinterpret_cast<const uint8_t*>(s.data());
  return as_binary ? new_binary(h, b, s.size()) : make_byte_list(h, b, s.size());
}

Term uri_term(Heap& h, const HttpUri& uri, bool bin) {
  switch (uri.kind) {
    case HttpUri::star: return atom::star;
    case HttpUri::abs_path: return make_tuple(h, {atom::abs_path, string_term(h, uri.s1, bin)});
    case HttpUri::string: return string_term(h, uri.s1, bin);
    case HttpUri::scheme:
      return make_tuple(h, {atom::scheme, string_term(h, uri.s1, bin), string_term(h, uri.s2, bin)});
    case HttpUri::http:
    case HttpUri::https:
      return make_tuple(h, {atom::absoluteURI, uri.kind == HttpUri::http ? atom::http : atom::https,
                            string_term(h, uri.s1, bin),
                            uri.port == 0 ? atom::undefined : make_small(uri.port),
                            string_term(h, uri.s2, bin)});
  }
  return atom::undefined;
}

}  // namespace

int packet_length(int type, const uint8_t* p, size_t n, unsigned max_len, unsigned trunc_len,
                  uint8_t delimiter, int* http_state) {
  switch (type) {
    case TCP_PB_RAW: return n == 0 ? 0 : int(n);
    case TCP_PB_1: return n < 1 ? 0 : with_header(1, p[0], max_len);
    case TCP_PB_2: return n < 2 ? 0 : with_header(2, be(p, 2), max_len);
    case TCP_PB_4: return n < 4 ? 0 : with_header(4, be(p, 4), max_len);
    case TCP_PB_RM: return n < 4 ? 0 : with_header(4, be(p, 4) & 0x7fffffff, max_len);
    case TCP_PB_LINE_LF: return line_length(p, n, max_len, trunc_len, delimiter);
    case TCP_PB_ASN1: return asn1_length(p, n, max_len);
    case TCP_PB_CDR: {
      constexpr unsigned HLEN = 12;  // "GIOP", version, flags, type, size
      if (n < HLEN) return 0;
      if (std::memcmp(p, "GIOP", 4) != 0) return -1;
      uint32_t size = (p[6] & 1) ? uint32_t(p[8]) | uint32_t(p[9]) << 8 | uint32_t(p[10]) << 16 |
                                       uint32_t(p[11]) << 24
                                 : be(p + 8, 4);
      return with_header(HLEN, size, max_len);
    }
    case TCP_PB_FCGI: {
      constexpr unsigned HLEN = 8;  // version, type, id(2), length(2), padding, reserved
      if (n < HLEN) return 0;
      if (p[0] != 1) return -1;
      return with_header(HLEN, be(p + 4, 2) + p[6], max_len);
    }
    case TCP_PB_TPKT: {
      constexpr unsigned HLEN = 4;  // version 3, reserved, length(2) with the header
      if (n < HLEN) return 0;
      if (p[0] != 3) return -1;
      return with_header(HLEN, uint32_t(be(p + 2, 2) - HLEN), max_len);
    }
    case TCP_PB_SSL_TLS: {
      constexpr unsigned HLEN = 5;
      if (n < HLEN) return 0;
      uint32_t plen = (p[0] & 0x80) && p[2] == 1 ? (be(p, 2) & 0x7fff) - 3 : be(p + 3, 2);
      return with_header(HLEN, plen, max_len);
    }
    case TCP_PB_HTTPH:
    case TCP_PB_HTTPH_BIN:
      *http_state = 1;  // headers only
      return http_line_length(p, n, max_len, trunc_len, *http_state);
    case TCP_PB_HTTP:
    case TCP_PB_HTTP_BIN: return http_line_length(p, n, max_len, trunc_len, *http_state);
    default: return -1;
  }
}

void packet_body(int type, const uint8_t** p, size_t* len) {
  switch (type) {
    case TCP_PB_1: *p += 1; *len -= 1; break;
    case TCP_PB_2: *p += 2; *len -= 2; break;
    case TCP_PB_4: *p += 4; *len -= 4; break;
    case TCP_PB_FCGI: *len -= (*p)[6]; break;  // the padding
    default: break;
  }
}

ParsedPacket packet_parse(int type, const uint8_t* p, size_t len, int* http_state) {
  switch (type) {
    case TCP_PB_HTTP:
    case TCP_PB_HTTPH:
    case TCP_PB_HTTP_BIN:
    case TCP_PB_HTTPH_BIN: return parse_http(p, len, http_state);
    case TCP_PB_SSL_TLS: return parse_ssl(p, len);
    default: return ParsedPacket{};
  }
}

Term packet_term(Heap& h, const ParsedPacket& pkt, int type, Term second) {
  bool bin = type == TCP_PB_HTTP_BIN || type == TCP_PB_HTTPH_BIN;
  switch (pkt.kind) {
    case ParsedPacket::none: return THE_NON_VALUE;
    case ParsedPacket::http_eoh: return atom::http_eoh;
    case ParsedPacket::http_error: return make_tuple(h, {atom::http_error, string_term(h, pkt.text, bin)});
    case ParsedPacket::http_response:
      return make_tuple(h, {atom::http_response,
                            make_tuple(h, {make_small(pkt.major), make_small(pkt.minor)}),
                            make_small(pkt.status), string_term(h, pkt.text, bin)});
    case ParsedPacket::http_request: {
      Term method = pkt.method >= 0 ? atom_put(HTTP_METHODS[pkt.method]) : string_term(h, pkt.method_name, bin);
      return make_tuple(h, {atom::http_request, method, uri_term(h, pkt.uri, bin),
                            make_tuple(h, {make_small(pkt.major), make_small(pkt.minor)})});
    }
    case ParsedPacket::http_header: {
      Term name = pkt.field >= 0 ? atom_put(HTTP_FIELDS[pkt.field]) : string_term(h, pkt.name, bin);
      return make_tuple(h, {atom::http_header, make_small(pkt.field + 1), name,
                            string_term(h, pkt.raw_name, bin), string_term(h, pkt.value, bin)});
    }
    case ParsedPacket::ssl_tls:
      return make_tuple(h, {atom::ssl_tls, second, make_small(pkt.content_type),
                            make_tuple(h, {make_small(pkt.major), make_small(pkt.minor)}),
                            string_term(h, pkt.data, true)});
  }
  return THE_NON_VALUE;
}

int packet_type_of(Term name) {
  if (name == make_small(0) || name == atom::raw) return TCP_PB_RAW;
  if (name == make_small(1)) return TCP_PB_1;
  if (name == make_small(2)) return TCP_PB_2;
  if (name == make_small(4)) return TCP_PB_4;
  if (name == atom::asn1) return TCP_PB_ASN1;
  if (name == atom::sunrm) return TCP_PB_RM;
  if (name == atom::cdr) return TCP_PB_CDR;
  if (name == atom::fcgi) return TCP_PB_FCGI;
  if (name == atom::line) return TCP_PB_LINE_LF;
  if (name == atom::tpkt) return TCP_PB_TPKT;
  if (name == atom::http) return TCP_PB_HTTP;
  if (name == atom::httph) return TCP_PB_HTTPH;
  if (name == atom::http_bin) return TCP_PB_HTTP_BIN;
  if (name == atom::httph_bin) return TCP_PB_HTTPH_BIN;
  if (name == atom::ssl_tls) return TCP_PB_SSL_TLS;
  return -1;
}

}  // namespace girder
