-module(bench_bintrees).
-export([run/0]).
run() -> lists:sum([check(make(16)) || _ <- lists:seq(1, 4)]).
make(0) -> {nil, nil};
make(D) -> {make(D - 1), make(D - 1)}.
check({nil, nil}) -> 1;
check({L, R}) -> 1 + check(L) + check(R).
