%% gen_udp on loopback: datagrams with their sender's address in active
%% mode (true, once, N with {udp_passive, S}) and passive mode (recv with
%% and without timeout), connect (fixing the peer), binary and list
%% modes, a header, sending to an unbound port (econnrefused on a
%% connected socket), and getstat.
-module(inet_udp_basic).
-export([main/0]).
-import(diff_show, [show/1, err/1]).

main() ->
    {ok, A} = gen_udp:open(0, [binary, {ip, {127,0,0,1}}]),
    {ok, B} = gen_udp:open(0, [binary, {ip, {127,0,0,1}}, {active, false}]),
    {ok, PA} = inet:port(A),
    {ok, PB} = inet:port(B),
    show(inet:getopts(A, [active, mode])),
    %% passive: recv gives {Ip, Port, Data}
    show(gen_udp:send(A, {127,0,0,1}, PB, <<"to b">>)),
    {ok, {Ip, From, D}} = gen_udp:recv(B, 0, 2000),
    show({Ip, From =:= PA, D}),
    show(gen_udp:recv(B, 0, 50)),
    %% active: {udp, S, Ip, Port, Data}
    show(gen_udp:send(B, "localhost", PA, ["io", <<"list">>])),
    show(receive {udp, A, Ip2, PB, D2} -> {Ip2, D2} after 2000 -> none end),
    %% active once, then passive
    ok = inet:setopts(B, [{active, once}]),
    ok = gen_udp:send(A, {127,0,0,1}, PB, <<"once">>),
    ok = gen_udp:send(A, {127,0,0,1}, PB, <<"after">>),
    show(receive {udp, B, _, PA, D3} -> D3 after 2000 -> none end),
    show(inet:getopts(B, [active])),
    show(element(3, element(2, gen_udp:recv(B, 0, 2000)))),
    %% active N
    ok = inet:setopts(B, [{active, 2}]),
    [ok = gen_udp:send(A, {127,0,0,1}, PB, integer_to_list(N)) || N <- [1, 2, 3]],
    show([receive {udp, B, _, PA, X} -> X after 2000 -> none end || _ <- [1, 2]]),
    show(receive {udp_passive, B} -> udp_passive after 2000 -> none end),
    {ok, {_, _, D4}} = gen_udp:recv(B, 0, 2000),
    show(D4),
    %% list mode, and a header of list bytes before the binary
    ok = inet:setopts(B, [list]),
    ok = gen_udp:send(A, {127,0,0,1}, PB, <<"listed">>),
    show(element(3, element(2, gen_udp:recv(B, 0, 2000)))),
    ok = inet:setopts(B, [binary, {header, 2}]),
    ok = gen_udp:send(A, {127,0,0,1}, PB, <<"headed">>),
    show(element(3, element(2, gen_udp:recv(B, 0, 2000)))),
    ok = inet:setopts(B, [{header, 0}]),
    %% a datagram larger than the buffer is cut
    ok = inet:setopts(B, [{buffer, 4}]),
    ok = gen_udp:send(A, {127,0,0,1}, PB, <<"truncated">>),
    show(element(3, element(2, gen_udp:recv(B, 0, 2000)))),
    ok = inet:setopts(B, [{buffer, 8192}]),
    %% connect: the peer is fixed, send/2 needs no address
    show(gen_udp:connect(B, {127,0,0,1}, PA)),
    show(inet:peername(B) =:= {ok, {{127,0,0,1}, PA}}),
    show(gen_udp:send(B, <<"connected">>)),
    show(receive {udp, A, _, PB, D5} -> D5 after 2000 -> none end),
    %% a connected socket hears that nobody listens at the peer's port
    {ok, Gone} = gen_udp:open(0, [{ip, {127,0,0,1}}]),
    {ok, PG} = inet:port(Gone),
    ok = gen_udp:close(Gone),
    ok = gen_udp:connect(B, {127,0,0,1}, PG),
    ok = gen_udp:send(B, <<"nobody">>),
    show(gen_udp:recv(B, 0, 2000)),
    %% bad arguments
    err(fun() -> gen_udp:send(A, {127,0,0,1}, 70000, <<"x">>) end),
    err(fun() -> gen_udp:send(A, {1,2,3}, PB, <<"x">>) end),
    show(gen_udp:open(PA, [{ip, {127,0,0,1}}])),
    {ok, Stat} = inet:getstat(A, [recv_cnt, recv_oct, send_cnt, send_oct]),
    show(Stat),
    show(gen_udp:close(A)),
    show(gen_udp:close(B)),
    show(gen_udp:recv(B, 0)),
    %% inet6 on its loopback
    {ok, S6} = gen_udp:open(0, [inet6, binary, {ip, {0,0,0,0,0,0,0,1}}, {active, false}]),
    {ok, P6} = inet:port(S6),
    ok = gen_udp:send(S6, {0,0,0,0,0,0,0,1}, P6, <<"self">>),
    {ok, {Ip6, P6, D6}} = gen_udp:recv(S6, 0, 2000),
    show({Ip6, D6}),
    gen_udp:close(S6),
    ok.
