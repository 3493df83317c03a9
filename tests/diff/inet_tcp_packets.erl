%% The packet types of a tcp socket: raw, 1, 2, 4 (headers added on send,
%% taken off on receive), line (with line_delimiter, and lines cut at the
%% buffer's size), asn1, tpkt, sunrm, http/httph/http_bin/httph_bin
%% (parsed into http_request, http_header, http_eoh, ...) in passive and
%% active mode, packet_size limits, and changing the packet type while
%% data is buffered.
-module(inet_tcp_packets).
-export([main/0]).
-import(diff_show, [show/1, err/1]).
-import(tcp_pair, [pair/3]).

main() ->
    {ok, L} = gen_tcp:listen(0, [{ip, {127,0,0,1}}, binary, {active, false}]),
    {ok, P} = inet:port(L),
    %% length headers: what one side sends with {packet, N}, the other reads raw
    {C, A} = pair(L, P, [binary, {active, false}, {packet, 2}]),
    ok = gen_tcp:send(C, <<"two">>),
    show(gen_tcp:recv(A, 5)),
    ok = inet:setopts(A, [{packet, 4}]),
    ok = gen_tcp:send(A, <<"four">>),
    show(gen_tcp:recv(C, 0)),  % C reads 2-byte headers: <<0,0>> says 0 bytes
    show(gen_tcp:recv(C, 0)),
    ok = inet:setopts(C, [{packet, 1}]),
    ok = inet:setopts(A, [{packet, 1}]),
    ok = gen_tcp:send(C, <<"one">>),
    ok = gen_tcp:send(C, <<"">>),
    show(gen_tcp:recv(A, 0)),
    show(gen_tcp:recv(A, 0)),
    show(gen_tcp:recv(A, 0, 100)),
    show(gen_tcp:recv(A, 3)),  % a length with a packet type: einval
    %% many packets in one read, in active mode
    ok = inet:setopts(C, [{packet, 4}]),
    ok = inet:setopts(A, [{packet, 4}, {active, true}]),
    [ok = gen_tcp:send(C, integer_to_list(N)) || N <- lists:seq(1, 20)],
    show(collect_packets(A, 20)),
    ok = inet:setopts(A, [{active, false}]),
    %% packet_size
    ok = inet:setopts(A, [{packet_size, 4}]),
    ok = gen_tcp:send(C, <<"too long">>),
    show(gen_tcp:recv(A, 0, 1000)),
    gen_tcp:close(C),
    gen_tcp:close(A),
    %% lines
    {C2, A2} = pair(L, P, [binary, {active, false}]),
    ok = inet:setopts(A2, [{packet, line}]),
    ok = gen_tcp:send(C2, <<"first\nsecond\nthi">>),
    show(gen_tcp:recv(A2, 0)),
    show(gen_tcp:recv(A2, 0)),
    show(gen_tcp:recv(A2, 0, 100)),
    ok = gen_tcp:send(C2, <<"rd\n">>),
    show(gen_tcp:recv(A2, 0)),
    ok = inet:setopts(A2, [{line_delimiter, $;}]),
    ok = gen_tcp:send(C2, <<"a;b;">>),
    show(gen_tcp:recv(A2, 0)),
    show(gen_tcp:recv(A2, 0)),
    show(inet:getopts(A2, [packet, line_delimiter, buffer])),
    %% a line longer than the buffer comes in pieces of the buffer's size
    ok = inet:setopts(A2, [{line_delimiter, $\n}, {buffer, 8}]),
    ok = gen_tcp:send(C2, <<"0123456789abcdef-long\n">>),
    show(gen_tcp:recv(A2, 0)),
    show(gen_tcp:recv(A2, 0)),
    show(gen_tcp:recv(A2, 0)),
    ok = inet:setopts(A2, [{buffer, 1460}]),
    %% switching type with input buffered: the rest is read the new way
    ok = gen_tcp:send(C2, <<"line\n", 0, 3, "abc">>),
    show(gen_tcp:recv(A2, 0)),
    ok = inet:setopts(A2, [{packet, 2}]),
    show(gen_tcp:recv(A2, 0)),
    %% other headers
    ok = inet:setopts(A2, [{packet, tpkt}]),
    ok = gen_tcp:send(C2, <<3, 0, 0, 7, "tpk">>),
    show(gen_tcp:recv(A2, 0)),
    ok = inet:setopts(A2, [{packet, asn1}]),
    ok = gen_tcp:send(C2, <<16#30, 3, 1, 2, 3>>),
    show(gen_tcp:recv(A2, 0)),
    ok = inet:setopts(A2, [{packet, sunrm}]),
    ok = gen_tcp:send(C2, <<128, 0, 0, 2, "rm">>),
    show(gen_tcp:recv(A2, 0)),
    gen_tcp:close(C2),
    gen_tcp:close(A2),
    %% http: a request, parsed, then its body raw
    {C3, A3} = pair(L, P, [binary, {active, false}]),
    ok = inet:setopts(A3, [{packet, http}]),
    ok = gen_tcp:send(C3, <<"GET /index.html?x=1 HTTP/1.1\r\nHost: example\r\n"
                            "content-length: 4\r\nX-Custom-Thing:  a\r\n  b\r\n\r\nBODY">>),
    show(gen_tcp:recv(A3, 0)),
    show(gen_tcp:recv(A3, 0)),
    show(gen_tcp:recv(A3, 0)),
    show(gen_tcp:recv(A3, 0)),
    show(gen_tcp:recv(A3, 0)),
    ok = inet:setopts(A3, [{packet, raw}]),
    show(gen_tcp:recv(A3, 4)),
    %% http_bin, active once at a time
    ok = inet:setopts(A3, [{packet, http_bin}]),
    ok = gen_tcp:send(C3, <<"POST http://host:8080/p HTTP/1.0\r\nAccept: */*\r\n\r\n">>),
    show(active_once(A3, 3)),
    %% a response, with httph after the status line
    ok = inet:setopts(A3, [{packet, http}]),
    ok = gen_tcp:send(C3, <<"HTTP/1.1 404 Not Found\r\nServer: x\r\n\r\n">>),
    show(gen_tcp:recv(A3, 0)),
    ok = inet:setopts(A3, [{packet, httph_bin}]),
    show(gen_tcp:recv(A3, 0)),
    show(gen_tcp:recv(A3, 0)),
    %% not http
    ok = inet:setopts(A3, [{packet, http}]),
    ok = gen_tcp:send(C3, <<"HTTP/x\r\n">>),
    show(gen_tcp:recv(A3, 0)),
    gen_tcp:close(C3),
    gen_tcp:close(A3),
    gen_tcp:close(L),
    ok.

collect_packets(_S, 0) -> [];
collect_packets(S, N) ->
    receive {tcp, S, D} -> [D | collect_packets(S, N - 1)]
    after 2000 -> [timeout]
    end.

active_once(_S, 0) -> [];
active_once(S, N) ->
    ok = inet:setopts(S, [{active, once}]),
    receive {http, S, D} -> [D | active_once(S, N - 1)]
    after 2000 -> [timeout]
    end.
