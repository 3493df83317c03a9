%% {deliver, port}: data comes as {S, {data, Data}}, shaped as ERTS's
%% driver_output shapes it: a socket opened by prim_inet is a binary port,
%% an accepted one is not, so the same data comes as a binary or a list;
%% the header and list modes on a binary port. Also sendfile (prim_inet
%% answers enotsup, file:sendfile/2,5 then send the file themselves) and a
%% tcp connection over IPv6 loopback.
-module(inet_deliver_port).
-export([main/0]).
-import(diff_show, [show/1]).
-import(tcp_pair, [pair/3]).

main() ->
    {ok, L} = gen_tcp:listen(0, [{ip, {127,0,0,1}}, binary, {active, false}]),
    {ok, P} = inet:port(L),
    {C, A} = pair(L, P, [binary, {active, false}]),
    [begin
         ok = inet:setopts(S, [{deliver, port} | Opts] ++ [{active, once}]),
         ok = gen_tcp:send(Peer, <<"data">>),
         show({Who, Opts, receive {S, M} -> M after 2000 -> none end}),
         ok = inet:setopts(S, [{deliver, term}, {header, 0}, binary])
     end || {Who, S, Peer} <- [{accepted, A, C}, {connected, C, A}],
            Opts <- [[], [list], [{header, 2}], [{header, 9}]]],
    %% udp
    {ok, U} = gen_udp:open(0, [binary, {ip, {127,0,0,1}}, {deliver, port}]),
    {ok, PU} = inet:port(U),
    ok = gen_udp:send(U, {127,0,0,1}, PU, <<"dgram">>),
    show(receive {U, {data, [1, _, _, 127, 0, 0, 1 | D]}} -> D after 2000 -> none end),
    gen_udp:close(U),
    %% sendfile
    File = "inet_deliver_port.sendfile",
    ok = file:write_file(File, <<"sendfile contents\n">>),
    show(file:sendfile(File, C)),
    show(gen_tcp:recv(A, 18, 1000)),
    {ok, F} = file:open(File, [read, raw, binary]),
    show(file:sendfile(F, C, 2, 5, [])),
    show(gen_tcp:recv(A, 5, 1000)),
    ok = file:close(F),
    ok = file:delete(File),
    gen_tcp:close(C),
    gen_tcp:close(A),
    gen_tcp:close(L),
    %% IPv6
    {ok, L6} = gen_tcp:listen(0, [inet6, {ip, {0,0,0,0,0,0,0,1}}, binary, {active, false}]),
    {ok, P6} = inet:port(L6),
    {C6, A6} = pair6(L6, P6),
    ok = gen_tcp:send(C6, <<"v6">>),
    show(gen_tcp:recv(A6, 0, 1000)),
    show(element(1, element(2, inet:peername(C6)))),
    show(prim_inet:gettype(A6)),
    show(gen_tcp:connect({0,0,0,0,0,0,0,1}, P, [inet6])),
    ok.

pair6(L, P) ->
    Self = self(),
    spawn(fun() -> {ok, A} = gen_tcp:accept(L), ok = gen_tcp:controlling_process(A, Self), Self ! {acc, A} end),
    {ok, C} = gen_tcp:connect({0,0,0,0,0,0,0,1}, P, [inet6, binary, {active, false}]),
    receive {acc, A} -> {C, A} end.
