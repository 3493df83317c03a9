%% Dirty CPU and dirty I/O schedulers: erts_debug's test BIFs run on the
%% kind of scheduler they name and come back with their result, error or
%% messages; while one process is busy on a dirty scheduler, the normal
%% schedulers go on (a ping-pong pair completes its rounds meanwhile, on
%% one normal scheduler too: see the +S 1 run in tools/test.sh).
-module(dirty_schedulers).
-export([main/0]).

main() ->
    io:format("~p~n", [[erts_debug:dirty_cpu(scheduler, type),
                        erts_debug:dirty_io(scheduler, type),
                        erts_debug:dirty(normal, scheduler, type),
                        erts_debug:dirty(dirty_cpu, scheduler, type),
                        erts_debug:dirty(dirty_io, scheduler, type)]]),
    io:format("~p~n", [[erlang:system_info(dirty_cpu_schedulers) >= 1,
                        erlang:system_info(dirty_io_schedulers)]]),
    %% errors raised there are raised in the caller, frame and all
    [io:format("~p~n", [catch erts_debug:dirty_cpu(error, E)])
     || E <- [notsup, undef, badarith, noproc, system_limit, other]],
    io:format("~p~n", [catch erts_debug:dirty_io(error, badarith)]),
    io:format("~p~n", [catch erts_debug:dirty_io(nonsense, 1)]),
    io:format("~p~n", [catch erts_debug:dirty(elsewhere, scheduler, type)]),
    try erts_debug:dirty_cpu(error, noproc)
    catch error:noproc:St -> io:format("~p~n", [hd(St)])
    end,
    %% results built on the process heap there
    L = erts_debug:dirty_cpu(copy, {a, [1, 2, 3], <<"bin">>}),
    io:format("~p ~p~n", [length(L), lists:usort(L)]),
    %% messages sent from there
    ok = erts_debug:dirty_io(send, self()),
    Me = self(),
    receive {ok, Me} -> io:format("sent from dirty io~n") end,
    %% moving between kinds: cpu -> io -> normal -> cpu ...
    [io:format("~p ~p~n", [N, erts_debug:dirty_cpu(reschedule, N)]) || N <- [0, 2, 4, 8, 12, 16]],
    io:format("~p~n", [catch erts_debug:dirty_cpu(reschedule, -2)]),
    %% a ping-pong pair runs while this process waits 300 ms on each kind
    [begin
         Pong = spawn(fun Loop() -> receive {P, N} -> P ! N, Loop() end end),
         Counter = spawn(fun() -> count(Pong, 0) end),
         ok = erts_debug:Kind(wait, 300),
         Counter ! {stop, self()},
         receive {rounds, R} -> io:format("~p: ping-pong went on: ~p~n", [Kind, R > 100]) end,
         exit(Pong, kill)
     end || Kind <- [dirty_cpu, dirty_io]],
    %% many processes on the pools at once
    Ps = [spawn_monitor(fun() -> exit({done, erts_debug:dirty_io(wait, 20),
                                       erts_debug:dirty_cpu(copy, I)}) end)
          || I <- lists:seq(1, 40)],
    Results = [receive {'DOWN', R, process, P, {done, ok, C}} -> length(C) end || {P, R} <- Ps],
    io:format("~p~n", [lists:usort(Results)]),
    %% an exit signal that comes while the target is on a dirty scheduler
    %% takes effect when it is back
    T = spawn(fun() -> erts_debug:dirty_io(wait, 200), receive never -> ok end end),
    Ref = monitor(process, T),
    timer:sleep(50),
    exit(T, kill),
    receive {'DOWN', Ref, process, T, Why} -> io:format("~p~n", [Why]) end.

count(Pong, N) ->
    Pong ! {self(), N},
    receive
        {stop, From} -> receive _ -> ok end, From ! {rounds, N};
        N -> count(Pong, N + 1)
    end.
