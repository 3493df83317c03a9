-module(bench_qsort).
-export([run/0]).
run() ->
    L = [(I * 7919) rem 100003 || I <- lists:seq(1, 100000)],
    lists:sum(lists:sublist(qsort(L), 100)).
qsort([]) -> [];
qsort([P | T]) -> qsort([X || X <- T, X < P]) ++ [P | qsort([X || X <- T, X >= P])].
