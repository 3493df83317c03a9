-module(bench_pidigits).
-export([run/0]).
%% Spigot algorithm for digits of pi (bignum arithmetic).
run() -> digits(600, 1, 0, 1, 1, 3, 3, 0).
digits(0, _, _, _, _, _, _, Acc) -> Acc;
digits(N, Q, R, T, K, M, X, Acc) ->
    if 4 * Q + R - T < M * T ->
           digits(N - 1, 10 * Q, 10 * (R - M * T), T, K, (10 * (3 * Q + R)) div T - 10 * M, X, (Acc * 10 + M) rem 1000000007);
       true ->
           digits(N, Q * K, (2 * Q + R) * X, T * X, K + 1, (Q * (7 * K + 2) + R * X) div (T * X), X + 2, Acc)
    end.
