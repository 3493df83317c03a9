%% erlang:memory/0,1 through OTP's own erlang.erl: the same keys as erl,
%% figures that add up (total = processes + system), and categories that
%% follow what the program does: idle processes, a big binary, a message
%% queue. The figures themselves differ between VMs; the test prints what
%% must hold on both.
-module(memory_info).
-export([main/0]).

main() ->
    M = erlang:memory(),
    io:format("~p~n", [[K || {K, _} <- M]]),
    Get = fun(K) -> {K, V} = lists:keyfind(K, 1, M), V end,
    io:format("~p~n", [Get(total) =:= Get(processes) + Get(system)]),
    io:format("~p~n", [lists:all(fun({_, V}) -> is_integer(V) andalso V >= 0 end, M)]),
    io:format("~p ~p~n", [Get(processes_used) =< Get(processes), Get(atom_used) =< Get(atom)]),
    io:format("~p~n", [Get(code) > 100000]),
    %% 20,000 queued messages make the receiver's memory grow; the sender
    %% builds them before the first figure and keeps them until it is told
    %% to stop (else a collection of the sender may free as much as the
    %% receiver gains, as in the GC-stress build)
    Sink = spawn(fun() -> receive go -> ok end end),
    Self = self(),
    Sender = spawn(fun() ->
                       Msgs = [{msg, I, <<I:64>>} || I <- lists:seq(1, 20000)],
                       Self ! {self(), built},
                       receive send -> ok end,
                       [Sink ! Msg || Msg <- Msgs],
                       Self ! {self(), sent},
                       receive stop -> length(Msgs) end
               end),
    receive {Sender, built} -> ok end,
    {memory, S0} = process_info(Sink, memory),
    Q0 = erlang:memory(processes),
    Sender ! send,
    receive {Sender, sent} -> ok end,
    Q1 = erlang:memory(processes),
    {memory, S1} = process_info(Sink, memory),
    io:format("~p ~p~n", [Q1 - Q0 > 20000 * 40, S1 - S0 > 20000 * 40]),
    {message_queue_len, 20000} = process_info(Sink, message_queue_len),
    %% both are gone before the next figure (their memory would otherwise
    %% be freed while it is measured)
    Gone = [monitor(process, P) || P <- [Sink, Sender]],
    Sink ! go,
    Sender ! stop,
    [receive {'DOWN', R, process, _, normal} -> ok end || R <- Gone],
    %% 10,000 idle processes: each costs more than 200 bytes and less than 10 KB
    P0 = erlang:memory(processes),
    Ps = [spawn(fun() -> receive stop -> ok end end) || _ <- lists:seq(1, 10000)],
    P1 = erlang:memory(processes),
    PerProc = (P1 - P0) div 10000,
    io:format("~p~n", [PerProc > 200 andalso PerProc < 10000]),
    %% they are gone before the next figures are taken (their memory
    %% would otherwise be freed while those are measured)
    Refs = [monitor(process, P) || P <- Ps],
    [P ! stop || P <- Ps],
    [receive {'DOWN', R, process, _, normal} -> ok end || R <- Refs],
    %% a 4 MB binary is counted in binary until it is garbage
    B0 = erlang:memory(binary),
    Bin = binary:copy(<<"x">>, 4 * 1024 * 1024),
    B1 = erlang:memory(binary),
    io:format("~p~n", [B1 - B0 > 4 * 1024 * 1024 - 65536]),
    io:format("~p~n", [byte_size(Bin)]),
    %% lists and errors as erl gives them
    io:format("~p~n", [[K || {K, _} <- erlang:memory([ets, atom, total])]]),
    io:format("~p~n", [catch erlang:memory(maximum)]),
    io:format("~p~n", [catch erlang:memory(nonsense)]),
    io:format("~p~n", [catch erlang:memory("total")]),
    io:format("~p~n", [catch erlang:memory(42)]).
