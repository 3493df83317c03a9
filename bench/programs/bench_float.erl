-module(bench_float).
-export([run/0]).
run() -> round(loop(3000000, 0.0, 1.0)).
loop(0, Acc, _) -> Acc;
loop(N, Acc, X) -> loop(N - 1, Acc + X * 1.000001 / 3.0, X + 0.5).
