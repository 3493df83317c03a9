%% gen_tcp on loopback: listen/accept/connect, send, passive recv (a length,
%% 0, timeouts), the active modes (true, once, N with {tcp_passive, S}),
%% controlling_process, names, half-close with shutdown, the close of either
%% side in passive and active mode, exit_on_close false, unrecv, getstat
%% counters, and the errors (econnrefused, eaddrinuse, closed, enotconn,
%% ealready, einval). Servers run on 127.0.0.1, port 0.
-module(inet_tcp_basic).
-export([main/0]).
-import(diff_show, [show/1, err/1]).
-import(tcp_pair, [pair/3]).

main() ->
    {ok, L} = gen_tcp:listen(0, [{ip, {127,0,0,1}}, binary, {active, false}]),
    {ok, P} = inet:port(L),
    show(prim_inet:getstatus(L)),
    {C, A} = pair(L, P, [binary, {active, false}]),
    show(prim_inet:getstatus(C)),
    %% names: the client's peer is the server's socket, and back
    {ok, {CIp, CPort}} = inet:sockname(C),
    {ok, {AIp, APort}} = inet:peername(A),
    show({CIp, CIp =:= AIp, CPort =:= APort}),
    show(inet:peername(C) =:= {ok, {{127,0,0,1}, P}}),
    show(inet:peername(L)),
    %% passive receive
    show(gen_tcp:send(C, <<"hello">>)),
    show(gen_tcp:recv(A, 5)),
    show(gen_tcp:send(A, ["wor", [$l], <<"d">>])),
    show(gen_tcp:recv(C, 0)),
    show(gen_tcp:recv(C, 0, 50)),
    show(gen_tcp:recv(C, 0, 0)),
    ok = gen_tcp:send(C, <<"abcdefghij">>),
    show(gen_tcp:recv(A, 3)),
    show(gen_tcp:recv(A, 7)),
    %% a recv of N waits for all N bytes
    Self = self(),
    spawn(fun() -> Self ! {got, gen_tcp:recv(A, 6, 2000)} end),
    ok = gen_tcp:send(C, <<"12">>),
    timer:sleep(50),
    ok = gen_tcp:send(C, <<"3456">>),
    show(receive {got, G} -> G end),
    %% a second recv while one waits
    R = spawn(fun() -> Self ! {got, gen_tcp:recv(A, 0, 300)} end),
    await_recv(R),
    show(gen_tcp:recv(A, 0, 10)),
    show(receive {got, G2} -> G2 end),
    %% recv in list mode, and with a header of list bytes
    ok = inet:setopts(A, [list]),
    ok = gen_tcp:send(C, <<"list">>),
    show(gen_tcp:recv(A, 4)),
    ok = inet:setopts(A, [binary, {header, 2}]),
    ok = gen_tcp:send(C, <<"header">>),
    show(gen_tcp:recv(A, 6)),
    ok = gen_tcp:send(C, <<"h">>),
    show(gen_tcp:recv(A, 1)),
    ok = inet:setopts(A, [{header, 0}]),
    %% unrecv: the bytes come first
    ok = gen_tcp:send(C, <<"tail">>),
    timer:sleep(50),
    ok = gen_tcp:unrecv(A, <<"head-">>),
    show(gen_tcp:recv(A, 9)),
    %% active true: every packet to the owner
    ok = inet:setopts(A, [{active, true}]),
    ok = gen_tcp:send(C, <<"act">>),
    show(collect(A, 3)),
    show(gen_tcp:recv(A, 0)),
    %% active once: one packet, then passive
    ok = inet:setopts(A, [{active, once}]),
    ok = gen_tcp:send(C, <<"once">>),
    show(collect(A, 4)),
    show(inet:getopts(A, [active])),
    ok = gen_tcp:send(C, <<"later">>),
    show(gen_tcp:recv(A, 5)),
    %% active N: N packets, then {tcp_passive, S}
    ok = inet:setopts(A, [{active, 1}]),
    ok = inet:setopts(A, [{active, 1}]),  % counts add up
    show(inet:getopts(A, [active])),
    ok = gen_tcp:send(C, <<"n1">>),
    show(collect(A, 2)),
    show(inet:getopts(A, [active])),
    ok = gen_tcp:send(C, <<"n2">>),
    show(collect(A, 2)),
    show(receive {tcp_passive, A} -> tcp_passive after 2000 -> none end),
    show(inet:getopts(A, [active])),
    ok = gen_tcp:send(C, <<"n3">>),
    show(gen_tcp:recv(A, 2)),
    %% a count brought to 0 makes the socket passive at once
    ok = inet:setopts(A, [{active, 3}]),
    show(inet:setopts(A, [{active, -5}])),
    show(receive {tcp_passive, A} -> tcp_passive_at_once after 2000 -> none end),
    show(inet:setopts(A, [{active, 40000}])),
    ok = inet:setopts(A, [{active, false}]),
    %% getstat: what went each way
    {ok, SC} = inet:getstat(C, [send_cnt, send_oct, send_max, recv_cnt, recv_oct]),
    {ok, SA} = inet:getstat(A, [recv_cnt, recv_oct, recv_max, send_cnt, send_oct, send_pend]),
    show({SC, SA}),
    %% controlling_process: the new owner gets the active messages
    Owner = spawn(fun() -> receive go -> ok end, receive {tcp, _, D} -> Self ! {owner_got, D} end end),
    show(gen_tcp:controlling_process(A, Owner)),
    show(erlang:port_info(A, connected) =:= {connected, Owner}),
    ok = inet:setopts(A, [{active, once}]),
    show(gen_tcp:controlling_process(A, self())),
    Owner ! go,
    ok = gen_tcp:send(C, <<"to owner">>),
    show(receive {owner_got, OD} -> OD after 2000 -> none end),
    %% shutdown(write): the peer sees the end, the other way stays open
    show(gen_tcp:shutdown(C, write)),
    show(gen_tcp:recv(A, 0, 1000)),
    show(gen_tcp:send(A, <<"still">>)),
    show(gen_tcp:recv(C, 0, 1000)),
    show(gen_tcp:close(A)),
    show(gen_tcp:recv(C, 0, 1000)),
    show(gen_tcp:send(C, <<"x">>)),
    show(gen_tcp:close(C)),
    show(gen_tcp:send(C, <<"x">>)),
    show(gen_tcp:recv(C, 0)),
    %% the peer closes: passive recv says closed, then the socket is gone
    {C2, A2} = pair(L, P, [binary, {active, false}]),
    ok = gen_tcp:close(A2),
    show(gen_tcp:recv(C2, 0, 1000)),
    show(gen_tcp:recv(C2, 0, 1000)),
    show(gen_tcp:send(C2, <<"x">>)),
    gen_tcp:close(C2),
    %% active: {tcp, ...} then {tcp_closed, S}, and the port is gone
    {C3, A3} = pair(L, P, [binary, {active, true}]),
    ok = gen_tcp:send(A3, <<"bye">>),
    ok = gen_tcp:close(A3),
    show(collect(C3, 3)),
    show(receive {tcp_closed, C3} -> tcp_closed after 2000 -> none end),
    show(erlang:port_info(C3)),
    %% exit_on_close false: the socket stays for sending
    {C4, A4} = pair(L, P, [binary, {active, true}, {exit_on_close, false}]),
    ok = gen_tcp:shutdown(A4, write),
    show(receive {tcp_closed, C4} -> tcp_closed after 2000 -> none end),
    show(is_list(erlang:port_info(C4))),
    show(gen_tcp:send(C4, <<"after close">>)),
    ok = inet:setopts(A4, [{active, false}]),
    show(gen_tcp:recv(A4, 0, 1000)),
    show(gen_tcp:recv(C4, 0)),
    gen_tcp:close(C4),
    gen_tcp:close(A4),
    %% errors
    show(gen_tcp:listen(P, [{ip, {127,0,0,1}}])),
    show(gen_tcp:recv(L, 0)),
    show(inet:setopts(L, [{packet, 17}])),
    show(inet:setopts(L, [{active, 40000}])),
    show(gen_tcp:close(L)),
    show(gen_tcp:connect({127,0,0,1}, P, [])),
    show(gen_tcp:accept(L)),
    ok.

%% N bytes of active messages from S, joined.
collect(_S, 0) -> <<>>;
collect(S, N) ->
    receive
        {tcp, S, D} when is_binary(D) -> <<D/binary, (collect(S, N - byte_size(D)))/binary>>;
        {tcp, S, D} -> collect_list(S, N, D)
    after 2000 -> {timeout, N}
    end.

collect_list(S, N, D) -> list_to_binary([D, collect(S, N - length(D))]).

%% Until Pid waits in its recv (a fixed sleep is not enough on a loaded
%% machine).
await_recv(Pid) ->
    case erlang:process_info(Pid, [current_function, status]) of
        [{current_function, {prim_inet, recv0, 3}}, {status, waiting}] -> ok;
        _ -> timer:sleep(5), await_recv(Pid)
    end.
