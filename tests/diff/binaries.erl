-module(binaries).
-export([main/0]).
id(X) -> X.
main() ->
    B = build(100000, <<>>),
    io:format("~p ~p~n", [byte_size(B), erlang:crc32(B)]),
    <<A:16, Rest/binary>> = id(<<1, 2, 3, 4, 5>>),
    io:format("~p ~p~n", [A, Rest]),
    io:format("~p~n", [<<(id(-1)):12/signed, (id(5)):4>>]),
    <<S:12/signed-little, _:4>> = id(<<255, 15>>),
    io:format("~p~n", [S]),
    io:format("~p~n", [[X || <<X:3>> <= id(<<123, 45>>)]]),
    io:format("~p~n", [<< <<(C + 1)>> || <<C>> <= id(<<"HAL">>) >>]),
    io:format("~p~n", [<<(id(1.5)):32/float, (id(2.5)):64/float-little>>]),
    <<F:32/float>> = id(<<64, 32, 0, 0>>),
    io:format("~p~n", [F]),
    io:format("~p~n", [<<(id(16#10FFFF))/utf8, (id(228))/utf16, (id($a))/utf32-little>>]),
    <<U/utf8, _/binary>> = id(<<"é"/utf8>>),
    io:format("~p~n", [U]),
    Big = id(1 bsl 100 + 7),
    io:format("~p~n", [<<Big:128>>]),
    <<Big2:128>> = <<Big:128>>,
    io:format("~p~n", [Big2 =:= Big]).
build(0, Acc) -> Acc;
build(N, Acc) -> build(N - 1, <<Acc/binary, (N band 255):8>>).
