#!/usr/bin/env escript
%% Expected values for the B2 BIF unit tests, taken from erl itself.
%% Each line of the input is "module:function|[Arg1, ...]" (Erlang literal
%% arguments; lines starting with % are skipped). Prints one C++ Case row
%% per line with erl's answer as ~w text, or "Class:Reason" if it raised:
%%   escript gen.escript unicode.txt > rows.inc
%% and the rows are pasted into the matching b2_*_test.cpp.
-mode(compile).

main([File]) ->
    {ok, B} = file:read_file(File),
    Lines = [L || L <- string:split(binary_to_list(B), "\n", all),
                  string:trim(L) =/= "", hd(L) =/= $%],
    lists:foreach(fun(L) -> row(L) end, Lines).

row(Line) ->
    [MF, ArgsText] = string:split(Line, "|"),
    [M, F] = string:split(MF, ":"),
    {ok, Toks, _} = erl_scan:string(ArgsText ++ "."),
    {ok, Args} = erl_parse:parse_term(Toks),
    Res = try apply(list_to_atom(M), list_to_atom(F), Args) of
              V -> lists:flatten(io_lib:format("~w", [V]))
          catch C:R -> lists:flatten(io_lib:format("~w:~w", [C, R]))
          end,
    io:format("    {~s_~s_~w, \"~s:~s/~w\", R\"(~s)\", R\"(~s)\"},~n",
              [M, F, length(Args), M, F, length(Args), ArgsText, Res]).
