%% Waiting on sockets: accept timeouts and several acceptors (one that
%% exits is skipped), connect timing out against a full backlog, the send
%% queue (a peer that does not read makes the port busy past the high
%% watermark: send waits, send_timeout gives {error, timeout},
%% send_timeout_close closes, nosuspend gives {error, busy}, and what was
%% queued arrives in order once the peer reads), delay_send, and a reset
%% (linger {true, 0}) seen with and without show_econnreset.
-module(inet_tcp_flow).
-export([main/0]).
-import(diff_show, [show/1]).
-import(tcp_pair, [pair/3]).

main() ->
    {ok, L} = gen_tcp:listen(0, [{ip, {127,0,0,1}}, binary, {active, false}]),
    {ok, P} = inet:port(L),
    Self = self(),
    %% accept timeouts
    show(gen_tcp:accept(L, 50)),
    show(gen_tcp:accept(L, 0)),
    show(prim_inet:getstatus(L)),
    %% three acceptors: one times out, one is killed, one accepts
    T = spawn(fun() -> Self ! {timed_out, gen_tcp:accept(L, 100)} end),
    K = spawn(fun() -> Self ! {killed_got, gen_tcp:accept(L)} end),
    W = spawn(fun() -> {ok, S} = gen_tcp:accept(L), gen_tcp:controlling_process(S, Self), Self ! {winner, S} end),
    show(receive {timed_out, R} -> R after 3000 -> none end),
    exit(K, kill),
    timer:sleep(50),
    {ok, C1} = gen_tcp:connect({127,0,0,1}, P, [binary, {active, false}]),
    A1 = receive {winner, S1} -> S1 after 3000 -> none end,
    show(is_port(A1)),
    show(receive {killed_got, _} -> killed_got after 200 -> nothing end),
    [exit(X, kill) || X <- [T, W]],
    ok = gen_tcp:send(C1, <<"via the live acceptor">>),
    show(gen_tcp:recv(A1, 0, 2000)),
    %% the queue: the peer (A1) does not read; C1 sends until it waits
    ok = inet:setopts(C1, [{send_timeout, 300}, {high_watermark, 16384}, {low_watermark, 8192},
                           {sndbuf, 16384}]),
    ok = inet:setopts(A1, [{recbuf, 16384}]),
    Chunk = binary:copy(<<"0123456789abcdef">>, 4096),  % 64 KB
    {Sent, First} = fill(C1, Chunk, 0),
    show({First, Sent > 0}),
    {ok, [{send_pend, Pend}]} = inet:getstat(C1, [send_pend]),
    show(Pend >= 16384),
    show(gen_tcp:send(C1, <<"more">>)),  % queued, then the port is busy again: timeout
    %% nosuspend on a busy port
    ok = inet:setopts(C1, [{send_timeout, infinity}]),
    Blocked = spawn(fun() -> Self ! {blocked_send, gen_tcp:send(C1, <<"last">>)} end),
    timer:sleep(100),
    show(erlang:port_info(C1, connected) =/= undefined),
    show(prim_inet:send(C1, <<"no">>, [nosuspend])),
    show(receive {blocked_send, _} -> too_early after 100 -> waiting end),
    %% the peer reads everything: the blocked send goes through, in order
    %% (a send that timed out left its data queued)
    Total = (Sent + 1) * byte_size(Chunk) + 4 + 4,
    Got = read(A1, Total, []),
    show(receive {blocked_send, BS} -> BS after 3000 -> none end),
    Expected = iolist_to_binary([lists:duplicate(Sent + 1, Chunk), <<"more">>, <<"last">>]),
    show({byte_size(Got) =:= Total, Got =:= Expected}),
    exit(Blocked, kill),
    gen_tcp:close(C1),
    gen_tcp:close(A1),
    %% send_timeout_close: the socket closes when a send times out
    {C2, A2} = pair(L, P, [binary, {active, false}, {send_timeout, 200}, {send_timeout_close, true},
                           {sndbuf, 16384}]),
    {_, First2} = fill(C2, Chunk, 0),
    show(First2),
    show(gen_tcp:send(C2, <<"x">>)),
    show(gen_tcp:recv(C2, 0)),
    gen_tcp:close(C2),
    gen_tcp:close(A2),
    %% delay_send: written when the event loop comes round
    {C3, A3} = pair(L, P, [binary, {active, false}, {delay_send, true}]),
    [ok = gen_tcp:send(C3, integer_to_list(N)) || N <- lists:seq(1, 10)],
    show(read(A3, 11, [])),
    gen_tcp:close(C3),
    gen_tcp:close(A3),
    %% a reset: without show_econnreset it is closed, with it econnreset
    {C4, A4} = pair(L, P, [binary, {active, false}]),
    ok = inet:setopts(A4, [{linger, {true, 0}}]),
    ok = gen_tcp:close(A4),
    show(gen_tcp:recv(C4, 0, 2000)),
    gen_tcp:close(C4),
    {C5, A5} = pair(L, P, [binary, {active, false}, {show_econnreset, true}]),
    ok = inet:setopts(A5, [{linger, {true, 0}}]),
    ok = gen_tcp:close(A5),
    show(gen_tcp:recv(C5, 0, 2000)),
    show(gen_tcp:recv(C5, 0, 2000)),
    show(gen_tcp:send(C5, <<"x">>)),
    gen_tcp:close(C5),
    {C6, A6} = pair(L, P, [binary, {active, true}, {show_econnreset, true}]),
    ok = inet:setopts(A6, [{linger, {true, 0}}]),
    ok = gen_tcp:close(A6),
    show(receive {tcp_error, C6, E6} -> {tcp_error, E6} after 2000 -> none end),
    show(receive {tcp_closed, C6} -> tcp_closed after 2000 -> none end),
    %% connect against a full backlog times out
    {ok, Full} = gen_tcp:listen(0, [{ip, {127,0,0,1}}, {backlog, 0}]),
    {ok, FP} = inet:port(Full),
    Tries = connects(FP, 20),
    show(lists:member({error, timeout}, Tries)),
    gen_tcp:close(Full),
    gen_tcp:close(L),
    ok.

%% Sends chunks until a send times out: how many went, and the first error.
fill(S, Chunk, N) ->
    case gen_tcp:send(S, Chunk) of
        ok when N < 1000 -> fill(S, Chunk, N + 1);
        ok -> {N + 1, no_timeout};
        E -> {N, E}
    end.

connects(_P, 0) -> [];
connects(P, N) ->
    case gen_tcp:connect({127,0,0,1}, P, [], 200) of
        {ok, _} = Ok -> [Ok | connects(P, N - 1)];
        E -> [E]
    end.

read(_S, 0, Acc) -> iolist_to_binary(lists:reverse(Acc));
read(S, Left, Acc) ->
    {ok, D} = gen_tcp:recv(S, 0, 5000),
    read(S, Left - byte_size(D), [D | Acc]).

