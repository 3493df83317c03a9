%% erlang:decode_packet/3, the packet cutting of the tcp_inet driver as a
%% BIF: every packet type, incomplete packets ({more, N}), bad ones
%% ({error, invalid}), the options (packet_size, line_length,
%% line_delimiter), http parsing of requests, responses, headers (known
%% and unknown fields, continuation lines) and URIs, sub-binary input at an
%% odd bit offset, and the badarg errors.
-module(decode_packet).
-export([main/0]).
-import(diff_show, [show/1, err/1]).

main() ->
    Cases =
        [{raw, <<"abc">>, []}, {0, <<>>, []}, {1, <<3, "abcd">>, []}, {1, <<3, "ab">>, []},
         {2, <<0, 2, "xyz">>, []}, {4, <<0, 0, 0, 1, 9, 8>>, []}, {4, <<255, 255, 255, 255>>, []},
         {4, <<0, 0, 0, 5, 1>>, [{packet_size, 4}]}, {2, <<0, 3, "abc">>, [{packet_size, 3}]},
         {line, <<"abc\ndef">>, []}, {line, <<"abcdef">>, []}, {line, <<"abcdef">>, [{line_length, 3}]},
         {line, <<"abcdef">>, [{packet_size, 3}]}, {line, <<"ab\ncd">>, [{line_delimiter, $b}]},
         {line, <<"a\r\nb">>, []},
         {asn1, <<16#30, 2, 1, 2, 3>>, []}, {asn1, <<16#1f, 16#81, 16#01, 3, 1, 2, 3, 4>>, []},
         {asn1, <<16#30, 16#82, 0, 2, 1, 2, 3>>, []}, {asn1, <<16#30, 16#85, 0, 0, 0, 0, 1>>, []},
         {asn1, <<16#30>>, []},
         {sunrm, <<128, 0, 0, 2, 7, 8, 9>>, []}, {cdr, <<"GIOP", 1, 0, 1, 0, 2, 0, 0, 0, 7, 8, 9>>, []},
         {cdr, <<"GIOP", 1, 0, 0, 0, 0, 0, 0, 2, 7, 8, 9>>, []}, {cdr, <<"XIOP", 1, 0, 0, 0, 0, 0, 0, 2>>, []},
         {fcgi, <<1, 1, 0, 1, 0, 2, 1, 0, 7, 8, 9, 10>>, []}, {fcgi, <<2, 1, 0, 1, 0, 2, 1, 0>>, []},
         {tpkt, <<3, 0, 0, 6, 7, 8, 9>>, []}, {tpkt, <<4, 0, 0, 6, 7, 8>>, []}, {tpkt, <<3, 0, 0, 2>>, []},
         {ssl_tls, <<22, 3, 1, 0, 2, 1, 2, 9>>, []}, {ssl_tls, <<128, 5, 1, 3, 1, 9, 9>>, []},
         {http, <<"GET / HTTP/1.1\r\n">>, []}, {http, <<"GET /x\r\n">>, []},
         {http, <<"GET http://host:8080/a/b?c HTTP/1.0\r\n">>, []},
         {http, <<"GET http://[::1]:4000/a HTTP/1.1\r\n">>, []},
         {http, <<"GET HTTPs://Host/pa HTTP/1.0\r\n">>, []}, {http, <<"GET foo:bar HTTP/1.0\r\n">>, []},
         {http, <<"GET http://host:0/ HTTP/1.0\r\n">>, []}, {http, <<"GET http://host:12x/ HTTP/1.0\r\n">>, []},
         {http, <<"GET http://host HTTP/1.0\r\n">>, []}, {http, <<"FOO * HTTP/1.1\r\n">>, []},
         {http, <<"OPTIONS * HTTP/1.1\n">>, []}, {http, <<"get / HTTP/1.1\r\n">>, []},
         {http, <<"GET / HTTP/1.1">>, []}, {http, <<"GET / HTTP/1.1">>, [{packet_size, 5}]},
         {http, <<"GET / HTTP/1.1">>, [{line_length, 5}]},
         {http, <<"HTTP/1.0 200 OK\r\n">>, []}, {http_bin, <<"HTTP/1.1 204\r\n">>, []},
         {http, <<"HTTP/1.x 200 OK\r\n">>, []}, {http, <<"\r\n">>, []}, {http, <<"bad line\r\n">>, []},
         {http, <<"GET / HTTP/1.1 junk\r\n">>, []},
         {httph, <<"\r\n">>, []}, {httph, <<"X: y\r\n">>, []}, {httph, <<"X: y\r\n\r\n">>, []},
         {httph, <<"content-type: text\r\n\r\n">>, []}, {httph_bin, <<"X-Foo-bar:  v1\r\n  cont\r\nrest">>, []},
         {httph, <<"Bad Header\r\nx">>, []}, {httph, <<"content-LENGTH:5\r\nx">>, []},
         {httph, <<"-x-y: 1\r\nz">>, []}, {httph, <<"www-authenticate: a\r\nz">>, []},
         {httph, iolist_to_binary(["X", lists:duplicate(60, $a), ": v\r\nz"]), []},
         {httph_bin, <<"Host:\r\n\r\n">>, []}],
    [show(catch erlang:decode_packet(T, B, O)) || {T, B, O} <- Cases],
    %% a sub-binary at an odd bit offset
    <<_:3, Odd:9/binary, _:5>> = <<0:3, 0, 3, "abcdefg", 0:5>>,
    show(erlang:decode_packet(2, Odd, [])),
    %% a bitstring: the odd bits stay with the rest
    show(erlang:decode_packet(raw, <<"ab", 1:3>>, [])),
    show(erlang:decode_packet(2, <<0, 1, "xy", 5:4>>, [])),
    %% errors
    err(fun() -> erlang:decode_packet(foo, <<>>, []) end),
    err(fun() -> erlang:decode_packet(http, notbin, []) end),
    err(fun() -> erlang:decode_packet(http, <<1:3>>, []) end),
    err(fun() -> erlang:decode_packet(http, <<>>, [{packet_size, -1}]) end),
    err(fun() -> erlang:decode_packet(http, <<"a">>, [{packet_size, 1 bsl 32}]) end),
    err(fun() -> erlang:decode_packet(http, <<"a">>, [{line_delimiter, 10}]) end),
    err(fun() -> erlang:decode_packet(line, <<"a">>, [{line_delimiter, 256}]) end),
    err(fun() -> erlang:decode_packet(http, <<"a">>, [foo]) end),
    ok.
