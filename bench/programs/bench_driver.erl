-module(bench_driver).
-export([main/1]).
%% main([Module, Repeats]): runs Module:run() Repeats times and prints the
%% result and the median time in microseconds of one run.
main([ModS, RepS]) ->
    Mod = list_to_atom(ModS),
    Reps = list_to_integer(RepS),
    Times = [begin
                 T0 = erlang:monotonic_time(microsecond),
                 R = Mod:run(),
                 T1 = erlang:monotonic_time(microsecond),
                 put(result, R),
                 T1 - T0
             end || _ <- lists:seq(1, Reps)],
    Sorted = lists:sort(Times),
    Median = lists:nth((length(Sorted) + 1) div 2, Sorted),
    io:format("result ~p~nmedian_us ~p~n", [get(result), Median]).
