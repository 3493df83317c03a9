%% flags: +S 4
%% Many connections at once on four schedulers: 16 acceptors wait on one
%% listening socket, 64 clients connect together and each sends numbered
%% chunks through its own connection; every server checks that every byte
%% arrived, in order, and echoes a digest that its client checks. Half of
%% the servers read passively, half in {active, N} mode.
-module(inet_tcp_many).
-export([main/0]).
-import(diff_show, [show/1]).

-define(CLIENTS, 64).
-define(CHUNKS, 40).

main() ->
    {ok, L} = gen_tcp:listen(0, [{ip, {127,0,0,1}}, binary, {active, false}, {backlog, 128}]),
    {ok, P} = inet:port(L),
    Self = self(),
    %% several acceptors at once: each serves connections until told to stop
    Acceptors = [spawn_link(fun() -> acceptor(L, Self) end) || _ <- lists:seq(1, 16)],
    Clients = [spawn_link(fun() -> Self ! {client, I, client(P, I)} end) || I <- lists:seq(1, ?CLIENTS)],
    Results = lists:sort([receive {client, I, R} -> {I, R} end || I <- lists:seq(1, length(Clients))]),
    show(length(Results)),
    show(lists:usort([R || {_, R} <- Results])),
    gen_tcp:close(L),
    Served = lists:sum([receive {served, N} -> N end || _ <- Acceptors]),
    show(Served),
    ok.

acceptor(L, Parent) -> acceptor(L, Parent, 0).

acceptor(L, Parent, N) ->
    case gen_tcp:accept(L) of
        {ok, S} ->
            serve(S),
            acceptor(L, Parent, N + 1);
        {error, closed} ->
            Parent ! {served, N}
    end.

%% A client's connection: its number (1 byte) says how the server reads.
serve(S) ->
    {ok, <<I>>} = gen_tcp:recv(S, 1),
    Expected = expected(I),
    Got = case I rem 2 of
              0 -> read_passive(S, byte_size(Expected), []);
              1 -> ok = inet:setopts(S, [{active, 3}]), read_active(S, byte_size(Expected), [])
          end,
    Verdict = case Got =:= Expected of true -> <<"in order">>; false -> <<"garbled!">> end,
    ok = inet:setopts(S, [{active, false}]),
    ok = gen_tcp:send(S, [Verdict, erlang:md5(Got)]),
    {error, closed} = gen_tcp:recv(S, 0),
    gen_tcp:close(S).

read_passive(_S, 0, Acc) -> iolist_to_binary(lists:reverse(Acc));
read_passive(S, Left, Acc) ->
    {ok, D} = gen_tcp:recv(S, 0),
    read_passive(S, Left - byte_size(D), [D | Acc]).

read_active(_S, 0, Acc) -> iolist_to_binary(lists:reverse(Acc));
read_active(S, Left, Acc) ->
    receive
        {tcp, S, D} -> read_active(S, Left - byte_size(D), [D | Acc]);
        {tcp_passive, S} -> ok = inet:setopts(S, [{active, 3}]), read_active(S, Left, Acc)
    end.

%% What client I sends: ?CHUNKS numbered chunks of varied sizes.
expected(I) ->
    iolist_to_binary([[<<I, C:16>>, binary:copy(<<(I + C)>>, (I * 131 + C * 17) rem 3000)]
                      || C <- lists:seq(1, ?CHUNKS)]).

client(P, I) ->
    {ok, C} = gen_tcp:connect({127,0,0,1}, P, [binary, {active, false}]),
    ok = gen_tcp:send(C, <<I>>),
    Data = expected(I),
    send_chunks(C, I, 1),
    {ok, Reply} = gen_tcp:recv(C, 8 + 16),
    <<Verdict:8/binary, Md5/binary>> = Reply,
    ok = gen_tcp:close(C),
    {Verdict, Md5 =:= erlang:md5(Data)}.

send_chunks(_C, _I, C) when C > ?CHUNKS -> ok;
send_chunks(C, I, N) ->
    ok = gen_tcp:send(C, [<<I, N:16>>, binary:copy(<<(I + N)>>, (I * 131 + N * 17) rem 3000)]),
    send_chunks(C, I, N + 1).
