%% flags: +S 1
%% Fairness on one scheduler, asserted by counts: a process looping
%% forever (it makes calls, so it is preempted) beside a ping-pong pair
%% does not stop the pair, and the pair does not starve the loop. A
%% high-priority looper still lets a max-priority pair run, and a low
%% process still runs beside normal ones.
-module(sched_fairness).
-export([main/0]).

main() ->
    Looper = spawn(fun() -> spin(0) end),
    R0 = reds(Looper),
    show({pingpong, pingpong(20000)}),
    show({looper_ran_meanwhile, reds(Looper) > R0}),
    exit(Looper, kill),
    %% two loopers and a pair: the pair still finishes
    L1 = spawn(fun() -> spin(0) end),
    L2 = spawn(fun() -> spin(0) end),
    show({pingpong_beside_two, pingpong(5000)}),
    show({both_ran, reds(L1) > 0 andalso reds(L2) > 0}),
    [exit(L, kill) || L <- [L1, L2]],
    %% a low-priority process gets turns beside a normal looper
    Self = self(),
    Normal = spawn(fun() -> spin(0) end),
    Low = spawn_opt(fun() -> count_to(200000), Self ! {low_done, self()} end, [{priority, low}]),
    show(receive {low_done, Low} -> low_finished end),
    exit(Normal, kill),
    ok.

spin(N) -> spin(N + 1).

count_to(0) -> ok;
count_to(N) -> count_to(N - 1).

reds(P) -> {reductions, R} = process_info(P, reductions), R.

%% N round trips between two fresh processes; the count that came back.
pingpong(N) ->
    Self = self(),
    Pong = spawn(fun() -> pong() end),
    Ping = spawn(fun() -> ping(Pong, N, 0, Self) end),
    receive {Ping, Count} -> Count end.

ping(Pong, 0, Count, Parent) -> Pong ! stop, Parent ! {self(), Count};
ping(Pong, N, Count, Parent) ->
    Pong ! {ping, self(), N},
    receive {pong, N} -> ping(Pong, N - 1, Count + 1, Parent) end.

pong() ->
    receive
        {ping, From, N} -> From ! {pong, N}, pong();
        stop -> ok
    end.

show(X) -> io:format("~p~n", [X]).
