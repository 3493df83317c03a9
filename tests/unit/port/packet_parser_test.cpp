// Packet cutting and http parsing (port/packet_parser.h): lengths of every
// packet type, incomplete and invalid input, limits, and the parsed http
// packets and their terms.
#include <gtest/gtest.h>

#include <string>

#include "port/inet_codes.h"
#include "port/packet_parser.h"
#include "term/atom_table.h"
#include "term/print.h"

namespace girder {
namespace {

using namespace inet;

int length(int type, const std::string& s, unsigned max = 0, unsigned trunc = 0, char delim = '\n',
           int state = 0) {
  return packet_length(type, reinterpret_cast<const uint8_t*>(s.data()), s.size(), max, trunc,
                       uint8_t(delim), &state);
}

// The views of a parsed packet point into its bytes: `s` must outlive it.
ParsedPacket parse(int type, const std::string& s, int* state) {
  return packet_parse(type, reinterpret_cast<const uint8_t*>(s.data()), s.size(), state);
}

// The packet's term as ~w prints it (strings as lists of codes).
std::string text(int type, const std::string& s, int state = 0) {
  Heap h;
  ParsedPacket p = parse(type, s, &state);
  return term_to_text(packet_term(h, p, type, NIL));
}

// "ab" as ~w prints the list.
std::string codes(const std::string& s) {
  std::string out = "[";
  for (char c : s) out += (out.size() > 1 ? "," : "") + std::to_string(int(uint8_t(c)));
  return out + "]";
}

TEST(PacketLength, RawTakesWhatThereIs) {
  EXPECT_EQ(length(TCP_PB_RAW, ""), 0);
  EXPECT_EQ(length(TCP_PB_RAW, "abc"), 3);
}

TEST(PacketLength, LengthHeaders) {
  EXPECT_EQ(length(TCP_PB_1, ""), 0);
  EXPECT_EQ(length(TCP_PB_1, std::string("\x03", 1)), 4);  // known, not all there
  EXPECT_EQ(length(TCP_PB_2, std::string("\x00\x02xy", 4)), 4);
  EXPECT_EQ(length(TCP_PB_2, std::string("\x00", 1)), 0);
  EXPECT_EQ(length(TCP_PB_4, std::string("\x00\x00\x01\x00", 4)), 260);
  // a length past packet_size, or past what an int holds, is invalid
  EXPECT_EQ(length(TCP_PB_4, std::string("\x00\x00\x00\x05", 4), 4), -1);
  EXPECT_EQ(length(TCP_PB_4, std::string("\xff\xff\xff\xff", 4)), -1);
  EXPECT_EQ(length(TCP_PB_RM, std::string("\x80\x00\x00\x02", 4)), 6);
}

TEST(PacketLength, Lines) {
  EXPECT_EQ(length(TCP_PB_LINE_LF, "ab\ncd"), 3);
  EXPECT_EQ(length(TCP_PB_LINE_LF, "abcd"), 0);
  EXPECT_EQ(length(TCP_PB_LINE_LF, "abcdef", 0, 4), 4);    // cut at trunc_len
  EXPECT_EQ(length(TCP_PB_LINE_LF, "abcdef", 4), -1);      // longer than packet_size
  EXPECT_EQ(length(TCP_PB_LINE_LF, "ab\n", 2), -1);
  EXPECT_EQ(length(TCP_PB_LINE_LF, "a;b", 0, 0, ';'), 2);
}

TEST(PacketLength, OtherHeaders) {
  EXPECT_EQ(length(TCP_PB_ASN1, std::string("\x30\x02", 2)), 4);
  EXPECT_EQ(length(TCP_PB_ASN1, std::string("\x30\x82\x01\x00", 4)), 260);
  EXPECT_EQ(length(TCP_PB_ASN1, std::string("\x30\x82\x01", 3)), 0);  // length bytes missing
  EXPECT_EQ(length(TCP_PB_ASN1, std::string("\x30\x85\0\0\0\0\0", 7)), -1);
  EXPECT_EQ(length(TCP_PB_ASN1, std::string("\x1f\x81\x01\x03", 4)), 7);  // a long tag
  EXPECT_EQ(length(TCP_PB_CDR, std::string("GIOP\1\0\1\0\2\0\0\0", 12)), 14);  // little-endian size
  EXPECT_EQ(length(TCP_PB_CDR, std::string("GIOP\1\0\0\0\0\0\0\2", 12)), 14);
  EXPECT_EQ(length(TCP_PB_CDR, std::string("XIOP\1\0\0\0\0\0\0\2", 12)), -1);
  EXPECT_EQ(length(TCP_PB_FCGI, std::string("\1\1\0\1\0\2\1\0", 8)), 11);  // padding counts
  EXPECT_EQ(length(TCP_PB_FCGI, std::string("\2\1\0\1\0\2\1\0", 8)), -1);
  EXPECT_EQ(length(TCP_PB_TPKT, std::string("\3\0\0\6", 4)), 6);
  EXPECT_EQ(length(TCP_PB_TPKT, std::string("\3\0\0\2", 4)), -1);  // shorter than its header
  EXPECT_EQ(length(TCP_PB_SSL_TLS, std::string("\x16\3\1\0\2", 5)), 7);
  EXPECT_EQ(length(TCP_PB_SSL_TLS, std::string("\x80\5\1\3\1", 5)), 7);  // an SSL 2 hello
  EXPECT_EQ(length(99, "x"), -1);
}

TEST(PacketLength, HttpLines) {
  EXPECT_EQ(length(TCP_PB_HTTP, "GET / HTTP/1.1\r\nHost"), 16);
  EXPECT_EQ(length(TCP_PB_HTTP, "GET / HTTP/1.1"), 0);
  EXPECT_EQ(length(TCP_PB_HTTP, "GET / HTTP/1.1", 5), -1);
  EXPECT_EQ(length(TCP_PB_HTTP, "\r\n"), 2);
  // among headers a line ending the input may go on: more is needed
  EXPECT_EQ(length(TCP_PB_HTTPH, "A: b\r\n"), 0);
  EXPECT_EQ(length(TCP_PB_HTTPH, "A: b\r\nC"), 6);
  EXPECT_EQ(length(TCP_PB_HTTPH, "A: b\r\n c\r\nD"), 10);  // a continuation line
}

TEST(PacketBody, HeadersComeOff) {
  std::string s("\x00\x03" "abc", 5);
  const uint8_t* p = reinterpret_cast<const uint8_t*>(s.data());
  size_t n = s.size();
  packet_body(TCP_PB_2, &p, &n);
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(p), n), "abc");
  std::string f("\1\1\0\1\0\2\1\0xyP", 11);
  p = reinterpret_cast<const uint8_t*>(f.data());
  n = f.size();
  packet_body(TCP_PB_FCGI, &p, &n);
  EXPECT_EQ(n, 10u);  // the padding goes, the header stays
}

TEST(PacketParse, Requests) {
  EXPECT_EQ(text(TCP_PB_HTTP, "GET /a?b HTTP/1.1\r\n"),
            "{http_request,'GET',{abs_path," + codes("/a?b") + "},{1,1}}");
  EXPECT_EQ(text(TCP_PB_HTTP, "FOO * HTTP/1.0\r\n"), "{http_request," + codes("FOO") + ",'*',{1,0}}");
  EXPECT_EQ(text(TCP_PB_HTTP, "GET /x\r\n"), "{http_request,'GET',{abs_path," + codes("/x") + "},{0,9}}");
  EXPECT_EQ(text(TCP_PB_HTTP, "GET http://h:81/p HTTP/1.1\r\n"),
            "{http_request,'GET',{absoluteURI,http," + codes("h") + ",81," + codes("/p") + "},{1,1}}");
  EXPECT_EQ(text(TCP_PB_HTTP, "GET https://h HTTP/1.1\r\n"),
            "{http_request,'GET',{absoluteURI,https," + codes("h") + ",undefined," + codes("/") + "},{1,1}}");
  EXPECT_EQ(text(TCP_PB_HTTP, "GET a:b HTTP/1.1\r\n"),
            "{http_request,'GET',{scheme," + codes("a") + "," + codes("b") + "},{1,1}}");
  // a one-character target counts as a path
  EXPECT_EQ(text(TCP_PB_HTTP_BIN, "PUT x HTTP/1.1\r\n"), "{http_request,'PUT',{abs_path,<<120>>},{1,1}}");
  EXPECT_EQ(text(TCP_PB_HTTP, "GET / HTTP/x.1\r\n"), "{http_error," + codes("GET / HTTP/x.1\r\n") + "}");
}

TEST(PacketParse, ResponsesHeadersAndTheirEnd) {
  int state = 0;
  std::string status = "HTTP/1.0 404 Not Found\r\n";
  ParsedPacket r = parse(TCP_PB_HTTP, status, &state);
  EXPECT_EQ(r.kind, ParsedPacket::http_response);
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.text, "Not Found");
  EXPECT_EQ(state, 1);  // headers follow
  std::string header = "content-TYPE:  text/plain\r\n";
  ParsedPacket h = parse(TCP_PB_HTTP, header, &state);
  EXPECT_EQ(h.kind, ParsedPacket::http_header);
  EXPECT_EQ(h.field, 41);
  EXPECT_EQ(h.name, "Content-Type");
  EXPECT_EQ(h.raw_name, "content-TYPE");
  EXPECT_EQ(h.value, "text/plain");
  EXPECT_EQ(parse(TCP_PB_HTTP, "\r\n", &state).kind, ParsedPacket::http_eoh);
  EXPECT_EQ(state, 0);  // the next message starts afresh
  EXPECT_EQ(text(TCP_PB_HTTPH, "x-a-b: 1\r\n", 1),
            "{http_header,0," + codes("X-A-B") + "," + codes("x-a-b") + "," + codes("1") + "}");
  EXPECT_EQ(text(TCP_PB_HTTPH_BIN, "Host: h\r\n", 1), "{http_header,14,'Host',<<72,111,115,116>>,<<104>>}");
  EXPECT_EQ(text(TCP_PB_HTTPH, "no colon\r\n", 1), "{http_error," + codes("no colon\r\n") + "}");
}

TEST(PacketParse, SslRecords) {
  EXPECT_EQ(text(TCP_PB_SSL_TLS, std::string("\x17\3\3\0\2ab", 7)), "{ssl_tls,[],23,{3,3},<<97,98>>}");
  // an SSL 2 client hello becomes a handshake record with a 3-byte length
  EXPECT_EQ(text(TCP_PB_SSL_TLS, std::string("\x80\5\1\3\1\x09\x09", 7)),
            "{ssl_tls,[],22,{3,1},<<1,0,0,4,3,1,9,9>>}");
  EXPECT_EQ(parse(TCP_PB_RAW, "x", nullptr).kind, ParsedPacket::none);
}

}  // namespace
}  // namespace girder
