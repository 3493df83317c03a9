%% OTP's zlib module over Girder's zlib natives (bif/zlib_nifs.cpp):
%% one-shot helpers, streaming in several chunks, window sizes,
%% dictionaries, checksums, end-of-stream behaviours and the errors
%% (garbage, truncation, misuse, other processes). The module cannot be
%% called zlib: that is OTP's own.
-module(zlib_streams).
-export([main/0]).
-compile([nowarn_deprecated_function]).

id(X) -> X.

p(Label, Value) -> io:format("~s: ~p~n", [Label, Value]).

%% Value, or {Class, Reason} if it raises.
t(F) ->
    try F() catch C:R -> {C, R} end.

%% The binary of an iolist result, or the exception.
b(F) ->
    t(fun() -> iolist_to_binary(F()) end).

%% Deterministic pseudo-random bytes (a small LCG), N of them.
noise(Seed, N) -> noise(Seed, N, []).
noise(_, 0, Acc) -> list_to_binary(Acc);
noise(S, N, Acc) ->
    S1 = (S * 1103515245 + 12345) band 16#7FFFFFFF,
    noise(S1, N - 1, [(S1 bsr 16) band 255 | Acc]).

%% Text-like data that compresses well.
text(N) ->
    iolist_to_binary([[integer_to_list(I), " bottles; "] || I <- lists:seq(1, N)]).

%% Splits a binary into pieces of at most N bytes.
split(B, N) when byte_size(B) =< N -> [B];
split(B, N) ->
    <<H:N/binary, T/binary>> = B,
    [H | split(T, N)].

main() ->
    one_shot(),
    streaming(),
    window_bits(),
    dictionaries(),
    checksums(),
    end_of_stream(),
    errors(),
    misuse(),
    other_processes(),
    chunked(),
    ok.

one_shot() ->
    Small = id(<<"hello hello hello hello">>),
    Text = text(3000),
    Noise = noise(7, 20000),
    p("compress small", zlib:compress(Small)),
    p("compress empty", zlib:compress(<<>>)),
    p("uncompress empty", zlib:uncompress(zlib:compress(<<>>))),
    p("compress text size", byte_size(zlib:compress(Text))),
    p("compress text crc", erlang:crc32(zlib:compress(Text))),
    p("roundtrip text", zlib:uncompress(zlib:compress(Text)) =:= Text),
    p("roundtrip noise", zlib:uncompress(zlib:compress(Noise)) =:= Noise),
    Deep = [<<"ab">>, [$c, [<<"de">>, [], $f]], <<"gh">> | <<"ij">>],
    p("compress iolist", zlib:uncompress(zlib:compress(Deep))),
    p("uncompress iolist", zlib:uncompress(split(zlib:compress(Text), 100)) =:= Text),
    p("gzip small", zlib:gzip(Small)),
    p("gunzip", zlib:gunzip(zlib:gzip(Text)) =:= Text),
    p("gzip noise crc", erlang:crc32(zlib:gzip(Noise))),
    p("zip small", zlib:zip(Small)),
    p("unzip", zlib:unzip(zlib:zip(Text)) =:= Text),
    p("unzip noise", zlib:unzip(zlib:zip(Noise)) =:= Noise),
    Big = binary:copy(Text, 8),
    p("big roundtrip", zlib:uncompress(zlib:compress(Big)) =:= Big),
    p("big gzip size", byte_size(zlib:gzip(Big))),
    %% an unaligned sub-binary as input
    <<_:3, Unaligned:40/binary, _:5>> = <<0:3, (binary:part(Text, 0, 40))/binary, 0:5>>,
    p("unaligned", zlib:uncompress(zlib:compress(Unaligned)) =:= binary:part(Text, 0, 40)),
    ok.

streaming() ->
    Text = text(5000),
    Z = zlib:open(),
    ok = zlib:deflateInit(Z, best_compression),
    Parts = split(Text, 7000),
    p("parts", length(Parts)),
    Out1 = [zlib:deflate(Z, P) || P <- Parts],
    Out2 = zlib:deflate(Z, <<>>, finish),
    p("deflateEnd", zlib:deflateEnd(Z)),
    Compressed = iolist_to_binary([Out1, Out2]),
    p("streamed = one shot", Compressed =:= zlib:compress(Text) orelse byte_size(Compressed)),
    p("streamed roundtrip", zlib:uncompress(Compressed) =:= Text),
    %% flush modes
    ok = zlib:deflateInit(Z, default),
    S1 = iolist_to_binary(zlib:deflate(Z, <<"first part ">>, sync)),
    S2 = iolist_to_binary(zlib:deflate(Z, <<"second part ">>, full)),
    S3 = iolist_to_binary(zlib:deflate(Z, <<"third part">>, none)),
    S4 = iolist_to_binary(zlib:deflate(Z, <<>>, finish)),
    p("sync flush", S1),
    p("full flush", S2),
    p("no flush", S3),
    p("finish", S4),
    ok = zlib:deflateEnd(Z),
    p("flushed roundtrip", zlib:uncompress([S1, S2, S3, S4])),
    %% inflate in pieces of various sizes
    Comp = zlib:compress(Text),
    lists:foreach(
      fun(N) ->
              ok = zlib:inflateInit(Z),
              Out = [zlib:inflate(Z, P) || P <- split(Comp, N)],
              End = zlib:inflateEnd(Z),
              p("inflate pieces of " ++ integer_to_list(N),
                {iolist_to_binary(Out) =:= Text, End})
      end, [1, 13, 1000, 8192, 100000]),
    %% safeInflate until finished
    ok = zlib:inflateInit(Z),
    p("safeInflate", safe_all(Z, Comp, []) =:= Text),
    ok = zlib:inflateEnd(Z),
    %% deflateParams in the middle of a stream
    ok = zlib:deflateInit(Z, none),
    D1 = zlib:deflate(Z, binary:part(Text, 0, 10000)),
    p("deflateParams", zlib:deflateParams(Z, best_compression, filtered)),
    D2 = zlib:deflate(Z, binary:part(Text, 10000, byte_size(Text) - 10000), finish),
    ok = zlib:deflateEnd(Z),
    p("params roundtrip", zlib:uncompress([D1, D2]) =:= Text),
    p("params bytes", erlang:crc32([D1, D2])),
    %% reset and reuse
    ok = zlib:deflateInit(Z),
    _ = zlib:deflate(Z, <<"discarded">>),
    p("deflateReset", zlib:deflateReset(Z)),
    R = zlib:deflate(Z, <<"kept">>, finish),
    ok = zlib:deflateEnd(Z),
    p("after reset", zlib:uncompress(R)),
    ok = zlib:inflateInit(Z),
    _ = zlib:inflate(Z, binary:part(Comp, 0, 50)),
    p("inflateReset", zlib:inflateReset(Z)),
    p("after inflateReset", iolist_to_binary(zlib:inflate(Z, zlib:compress(<<"again">>)))),
    ok = zlib:inflateEnd(Z),
    %% many small binaries: more than one enqueue_nif call
    Many = [<<I:32, "payload payload payload payload payload payload payload payload">>
                || I <- lists:seq(1, 700)],
    ok = zlib:deflateInit(Z),
    M = zlib:deflate(Z, Many, finish),
    ok = zlib:deflateEnd(Z),
    p("many binaries", zlib:uncompress(M) =:= iolist_to_binary(Many)),
    ok = zlib:inflateInit(Z),
    MOut = zlib:inflate(Z, split(iolist_to_binary(M), 3)),
    ok = zlib:inflateEnd(Z),
    p("many pieces", iolist_to_binary(MOut) =:= iolist_to_binary(Many)),
    p("close", zlib:close(Z)),
    ok.

safe_all(Z, Data, Acc) ->
    case zlib:safeInflate(Z, Data) of
        {continue, Out} -> safe_all(Z, [], [Acc, Out]);
        {finished, Out} -> iolist_to_binary([Acc, Out])
    end.

window_bits() ->
    Text = text(2000),
    lists:foreach(
      fun(W) ->
              Z = zlib:open(),
              R = t(fun() ->
                            ok = zlib:deflateInit(Z, default, deflated, W, 8, default),
                            C = iolist_to_binary(zlib:deflate(Z, Text, finish)),
                            ok = zlib:deflateEnd(Z),
                            {byte_size(C), binary:part(C, 0, 2)}
                    end),
              zlib:close(Z),
              p("deflate windowBits " ++ integer_to_list(W), R)
      end, [8, 9, 12, 15, -8, -9, -15, 24, 31]),
    Zlib = zlib:compress(Text),
    Gzip = zlib:gzip(Text),
    Raw = zlib:zip(Text),
    Small = begin
                Z0 = zlib:open(),
                ok = zlib:deflateInit(Z0, default, deflated, 9, 8, default),
                C0 = iolist_to_binary(zlib:deflate(Z0, Text, finish)),
                zlib:close(Z0),
                C0
            end,
    lists:foreach(
      fun({Name, W, Data}) ->
              Z = zlib:open(),
              R = t(fun() ->
                            ok = zlib:inflateInit(Z, W),
                            Out = iolist_to_binary(zlib:inflate(Z, Data)),
                            ok = zlib:inflateEnd(Z),
                            Out =:= Text
                    end),
              zlib:close(Z),
              p("inflate " ++ Name ++ " windowBits " ++ integer_to_list(W), R)
      end,
      [{"zlib", 15, Zlib}, {"zlib", 47, Zlib}, {"gzip", 31, Gzip}, {"gzip", 47, Gzip},
       {"raw", -15, Raw}, {"zlib", 31, Zlib}, {"gzip", 15, Gzip}, {"raw", 15, Raw},
       {"small window", 9, Small}, {"small window", 15, Small}, {"zlib", 9, Zlib},
       {"zlib", 8, Small}]),
    Z = zlib:open(),
    p("bad windowBits", t(fun() -> zlib:inflateInit(Z, 50) end)),
    p("bad windowBits deflate",
      t(fun() -> zlib:deflateInit(Z, default, deflated, 7, 8, default) end)),
    p("bad memLevel", t(fun() -> zlib:deflateInit(Z, default, deflated, 15, 10, default) end)),
    p("bad level", t(fun() -> zlib:deflateInit(Z, 10) end)),
    p("bad strategy", t(fun() -> zlib:deflateInit(Z, default, deflated, 15, 8, fast) end)),
    p("bad method", t(fun() -> zlib:deflateInit(Z, default, stored, 15, 8, default) end)),
    p("strategies",
      [begin
           ok = zlib:deflateInit(Z, default, deflated, 15, 8, S),
           C = iolist_to_binary(zlib:deflate(Z, Text, finish)),
           ok = zlib:deflateEnd(Z),
           {S, byte_size(C), zlib:uncompress(C) =:= Text}
       end || S <- [default, filtered, huffman_only, rle]]),
    p("levels",
      [begin
           ok = zlib:deflateInit(Z, L),
           C = iolist_to_binary(zlib:deflate(Z, Text, finish)),
           ok = zlib:deflateEnd(Z),
           {L, byte_size(C)}
       end || L <- [none, best_speed, default, best_compression, 0, 5, 9]]),
    zlib:close(Z),
    ok.

dictionaries() ->
    Dict = <<"the quick brown fox jumps over the lazy dog ">>,
    Text = binary:copy(<<"the lazy dog jumps over the quick brown fox ">>, 20),
    Z = zlib:open(),
    ok = zlib:deflateInit(Z),
    Adler = zlib:deflateSetDictionary(Z, Dict),
    p("deflateSetDictionary", Adler),
    p("adler of dict", Adler =:= erlang:adler32(Dict)),
    C = iolist_to_binary(zlib:deflate(Z, Text, finish)),
    ok = zlib:deflateEnd(Z),
    p("dict stream", C),
    %% without the dictionary: an exception, then set it and go on
    ok = zlib:inflateInit(Z),
    p("need dict exception", t(fun() -> zlib:inflate(Z, C) end)),
    p("inflateSetDictionary", zlib:inflateSetDictionary(Z, Dict)),
    p("continue after dict", iolist_to_binary(zlib:inflate(Z, [])) =:= Text),
    p("inflateGetDictionary size", byte_size(zlib:inflateGetDictionary(Z))),
    ok = zlib:inflateEnd(Z),
    %% without exceptions
    ok = zlib:inflateInit(Z),
    case zlib:inflate(Z, C, [{exception_on_need_dict, false}]) of
        {need_dictionary, A, Out} ->
            p("need_dictionary tuple", {A, iolist_to_binary(Out)}),
            ok = zlib:inflateSetDictionary(Z, Dict),
            p("then", iolist_to_binary(zlib:inflate(Z, [])) =:= Text);
        Other ->
            p("need_dictionary tuple", Other)
    end,
    ok = zlib:inflateEnd(Z),
    %% safeInflate reports it too
    ok = zlib:inflateInit(Z),
    p("safeInflate need dict", zlib:safeInflate(Z, C)),
    p("wrong dictionary", t(fun() -> zlib:inflateSetDictionary(Z, <<"wrong">>) end)),
    ok = zlib:inflateSetDictionary(Z, Dict),
    p("safeInflate after dict", safe_all(Z, [], []) =:= Text),
    ok = zlib:inflateEnd(Z),
    %% a raw stream: the dictionary must be known, the checksum comes from 0
    ok = zlib:deflateInit(Z, default, deflated, -15, 8, default),
    p("raw deflateSetDictionary", zlib:deflateSetDictionary(Z, Dict)),
    RC = iolist_to_binary(zlib:deflate(Z, Text, finish)),
    ok = zlib:deflateEnd(Z),
    ok = zlib:inflateInit(Z, -15),
    p("raw inflateSetDictionary", zlib:inflateSetDictionary(Z, Dict)),
    p("raw dict roundtrip", iolist_to_binary(zlib:inflate(Z, RC)) =:= Text),
    %% the window: the dictionary, then everything inflated (less than 32K)
    p("raw get dictionary", zlib:inflateGetDictionary(Z) =:= <<Dict/binary, Text/binary>>),
    ok = zlib:inflateEnd(Z),
    %% a checksum of 2^31 and above comes back negative, as from ERTS
    Long = binary:copy(<<"a">>, 26),
    ok = zlib:deflateInit(Z),
    p("large adler", {zlib:deflateSetDictionary(Z, Long), erlang:adler32(Long)}),
    p("dictionary after data", t(fun() -> _ = zlib:deflate(Z, <<"x">>, sync),
                                            zlib:deflateSetDictionary(Z, Dict) end)),
    p("deflateEnd with pending", t(fun() -> zlib:deflateEnd(Z) end)),
    zlib:close(Z),
    ok.

checksums() ->
    Text = text(500),
    Z = zlib:open(),
    ok = zlib:deflateInit(Z, default, deflated, -15, 8, default),
    C = zlib:deflate(Z, Text, finish),
    p("raw deflate crc32", zlib:crc32(Z) =:= erlang:crc32(Text)),
    ok = zlib:deflateEnd(Z),
    ok = zlib:inflateInit(Z, -15),
    _ = zlib:inflate(Z, C),
    p("raw inflate crc32", zlib:crc32(Z) =:= erlang:crc32(Text)),
    ok = zlib:inflateEnd(Z),
    ok = zlib:deflateInit(Z),
    _ = zlib:deflate(Z, Text, finish),
    p("zlib stream crc32", zlib:crc32(Z)),
    ok = zlib:deflateEnd(Z),
    p("crc32 uninitialised", t(fun() -> zlib:crc32(Z) end)),
    p("crc32/2", zlib:crc32(Z, <<"abc">>)),
    p("crc32/3", zlib:crc32(Z, zlib:crc32(Z, <<"ab">>), <<"c">>)),
    p("adler32/2", zlib:adler32(Z, <<"abc">>)),
    p("crc32_combine", zlib:crc32_combine(Z, erlang:crc32(<<"ab">>), erlang:crc32(<<"c">>), 1)),
    p("getBufSize", zlib:getBufSize(Z)),
    p("setBufSize", zlib:setBufSize(Z, 1000)),
    p("getBufSize after", zlib:getBufSize(Z)),
    p("setBufSize too small", t(fun() -> zlib:setBufSize(Z, 16) end)),
    zlib:close(Z),
    ok.

end_of_stream() ->
    A = zlib:compress(<<"first stream">>),
    B = zlib:compress(<<"second stream">>),
    Z = zlib:open(),
    lists:foreach(
      fun(Eos) ->
              ok = zlib:inflateInit(Z, 15, Eos),
              R = b(fun() -> zlib:inflate(Z, [A, B]) end),
              E = t(fun() -> zlib:inflateEnd(Z) end),
              p("two streams, " ++ atom_to_list(Eos), {R, E})
      end, [cut, reset, error]),
    p("bad eos", t(fun() -> zlib:inflateInit(Z, 15, stop) end)),
    %% concatenated gzip members
    p("gunzip members", zlib:gunzip([zlib:gzip(<<"one ">>), zlib:gzip(<<"two">>)])),
    p("gunzip trailing garbage", t(fun() -> zlib:gunzip([zlib:gzip(<<"one">>), <<"junk">>]) end)),
    p("gunzip trailing zeros", t(fun() -> zlib:gunzip([zlib:gzip(<<"one">>), <<0, 0, 0, 0>>]) end)),
    %% trailing garbage is cut by uncompress
    p("trailing garbage", t(fun() -> zlib:uncompress(<<A/binary, "garbage">>) end)),
    %% more data after the end with cut: dropped, and the stash with it
    ok = zlib:inflateInit(Z),
    p("first", b(fun() -> zlib:inflate(Z, A) end)),
    p("after end", b(fun() -> zlib:inflate(Z, <<"more">>) end)),
    p("end", t(fun() -> zlib:inflateEnd(Z) end)),
    zlib:close(Z),
    ok.

errors() ->
    Text = text(3000),
    C = zlib:compress(Text),
    p("uncompress garbage", t(fun() -> zlib:uncompress(<<"garbage data here">>) end)),
    p("uncompress short", t(fun() -> zlib:uncompress(<<1, 2, 3>>) end)),
    p("uncompress not iodata", t(fun() -> zlib:uncompress(foo) end)),
    p("uncompress truncated", t(fun() -> zlib:uncompress(binary:part(C, 0, byte_size(C) - 4)) end)),
    p("uncompress half", t(fun() -> zlib:uncompress(binary:part(C, 0, byte_size(C) div 2)) end)),
    p("uncompress bad checksum",
      t(fun() ->
                S = byte_size(C) - 1,
                <<H:S/binary, L>> = C,
                zlib:uncompress(<<H/binary, (L bxor 1)>>)
        end)),
    p("unzip garbage", t(fun() -> zlib:unzip(noise(3, 300)) end)),
    p("gunzip garbage", t(fun() -> zlib:gunzip(<<31, 139, 8, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9>>) end)),
    p("gunzip truncated", t(fun() -> G = zlib:gzip(Text), zlib:gunzip(binary:part(G, 0, 100)) end)),
    p("compress not iodata", t(fun() -> zlib:compress([1, 2, 300]) end)),
    p("compress bitstring", t(fun() -> zlib:compress(<<1:7>>) end)),
    %% streaming: truncated input is only found out at inflateEnd
    Z = zlib:open(),
    ok = zlib:inflateInit(Z),
    Part = b(fun() -> zlib:inflate(Z, binary:part(C, 0, 200)) end),
    p("truncated part", is_binary(Part)),
    p("truncated end", t(fun() -> zlib:inflateEnd(Z) end)),
    %% garbage of many kinds, streamed: an error, never a crash
    p("noise",
      [begin
           ok = zlib:inflateInit(Z, W),
           R = t(fun() -> iolist_to_binary(zlib:inflate(Z, noise(S, 2000))) end),
           E = t(fun() -> zlib:inflateEnd(Z) end),
           {W, S, case R of B when is_binary(B) -> byte_size(B); _ -> R end, E}
       end || W <- [15, -15, 31, 47], S <- [1, 2, 3, 4, 5]]),
    %% corrupt bytes in a valid stream
    p("corrupt",
      [begin
           <<H:Pos/binary, X, T/binary>> = C,
           ok = zlib:inflateInit(Z),
           Bad = <<H/binary, (X bxor 16#55), T/binary>>,
           R = t(fun() -> byte_size(iolist_to_binary(zlib:inflate(Z, Bad))) end),
           E = t(fun() -> zlib:inflateEnd(Z) end),
           {Pos, R, E}
       end || Pos <- [0, 1, 2, 10, 100, byte_size(C) - 2]]),
    zlib:close(Z),
    ok.

misuse() ->
    Z = zlib:open(),
    p("deflate uninitialised", t(fun() -> zlib:deflate(Z, <<"x">>) end)),
    p("inflate uninitialised", t(fun() -> zlib:inflate(Z, <<"x">>) end)),
    p("deflateEnd uninitialised", t(fun() -> zlib:deflateEnd(Z) end)),
    p("inflateEnd uninitialised", t(fun() -> zlib:inflateEnd(Z) end)),
    p("deflateReset uninitialised", t(fun() -> zlib:deflateReset(Z) end)),
    p("inflateGetDictionary uninitialised", t(fun() -> zlib:inflateGetDictionary(Z) end)),
    ok = zlib:deflateInit(Z),
    p("deflateInit twice", t(fun() -> zlib:deflateInit(Z) end)),
    p("inflateInit on deflate", t(fun() -> zlib:inflateInit(Z) end)),
    p("inflate on deflate", t(fun() -> zlib:inflate(Z, <<"x">>) end)),
    p("inflateSetDictionary on deflate", t(fun() -> zlib:inflateSetDictionary(Z, <<"x">>) end)),
    p("deflate not iodata", t(fun() -> zlib:deflate(Z, [foo]) end)),
    p("deflate bad flush", t(fun() -> zlib:deflate(Z, <<"x">>, later) end)),
    p("deflateParams bad level", t(fun() -> zlib:deflateParams(Z, 11, default) end)),
    p("deflateSetDictionary not iodata", t(fun() -> zlib:deflateSetDictionary(Z, foo) end)),
    p("deflateEnd with data",
      t(fun() -> _ = zlib:deflate(Z, <<"pending">>), zlib:deflateEnd(Z) end)),
    ok = zlib:inflateInit(Z),
    p("inflate not iodata", t(fun() -> zlib:inflate(Z, {}) end)),
    p("inflateSetDictionary too early", t(fun() -> zlib:inflateSetDictionary(Z, <<"x">>) end)),
    p("close", zlib:close(Z)),
    p("close twice", t(fun() -> zlib:close(Z) end)),
    p("deflateInit after close", t(fun() -> zlib:deflateInit(Z) end)),
    p("inflate after close", t(fun() -> zlib:inflate(Z, <<"x">>) end)),
    p("crc32 after close", t(fun() -> zlib:crc32(Z) end)),
    p("not a stream", t(fun() -> zlib:close(make_ref()) end)),
    p("not a reference", t(fun() -> zlib:deflateInit(foo) end)),
    p("set controller not a pid", t(fun() -> zlib:set_controlling_process(zlib:open(), foo) end)),
    %% the stack frame of a native's exception: arguments, no location
    {'EXIT', {data_error, [{zlib, F, Args, Loc} | _]}} =
        (catch zlib:uncompress(<<"garbage data here">>)),
    p("native frame", {F, length(Args), tl(Args), Loc}),
    {'EXIT', {badarg, [{zlib, F2, Args2, Loc2} | _]}} = (catch zlib:deflateInit(foo)),
    p("badarg frame", {F2, Args2, Loc2}),
    ok.

other_processes() ->
    catch logger:set_primary_config(level, none),
    Self = self(),
    Z = zlib:open(),
    ok = zlib:deflateInit(Z),
    Other = fun(F) ->
                    spawn(fun() -> Self ! {self(), t(F)} end),
                    receive {_, R} -> R end
            end,
    p("deflate elsewhere", Other(fun() -> zlib:deflate(Z, <<"x">>) end)),
    p("close elsewhere", Other(fun() -> zlib:close(Z) end)),
    p("deflateEnd elsewhere", Other(fun() -> zlib:deflateEnd(Z) end)),
    p("set controller elsewhere", Other(fun() -> zlib:set_controlling_process(Z, self()) end)),
    p("getBufSize elsewhere", Other(fun() -> zlib:getBufSize(Z) end)),
    %% hand the stream over: the new owner can use it, we no longer can
    Pid = spawn(fun() ->
                        receive go -> ok end,
                        R = t(fun() ->
                                      iolist_to_binary(
                                        zlib:deflate(Z, <<"from the new owner">>, finish))
                              end),
                        Self ! {self(), R},
                        receive back ->
                                zlib:set_controlling_process(Z, Self),
                                Self ! {self(), returned}
                        end
                end),
    p("set_controlling_process", zlib:set_controlling_process(Z, Pid)),
    p("old owner", t(fun() -> zlib:deflate(Z, <<"x">>) end)),
    Pid ! go,
    Deflated = receive {Pid, D} -> D end,
    p("new owner", zlib:uncompress(Deflated)),
    Pid ! back,
    receive {Pid, returned} -> ok end,
    p("back again", zlib:deflateEnd(Z)),
    p("closed by owner", zlib:close(Z)),
    %% owners that exit with open streams, and one that crashes
    [spawn(fun() ->
                   Z2 = zlib:open(),
                   ok = zlib:inflateInit(Z2),
                   _ = zlib:inflate(Z2, binary:part(zlib:compress(text(100)), 0, 30)),
                   Self ! {done, I}
           end) || I <- lists:seq(1, 20)],
    p("exited owners", lists:sort([receive {done, I} -> I end || _ <- lists:seq(1, 20)])),
    {Crasher, Ref} = spawn_monitor(fun() ->
                                           Z3 = zlib:open(),
                                           ok = zlib:deflateInit(Z3),
                                           _ = zlib:deflate(Z3, <<"x">>),
                                           exit(boom)
                                   end),
    p("crashed owner", receive {'DOWN', Ref, process, Crasher, Why} -> Why end),
    p("still working", zlib:uncompress(zlib:compress(<<"fine">>))),
    ok.

%% inflateChunk with a small buffer: output in pieces.
chunked() ->
    Text = text(300),
    C = zlib:compress(Text),
    Z = zlib:open(),
    ok = zlib:inflateInit(Z),
    ok = zlib:setBufSize(Z, 500),
    First = zlib:inflateChunk(Z, C),
    Sizes = chunks(Z, First, []),
    p("inflateChunk sizes", Sizes),
    p("inflateChunk total", lists:sum(Sizes) =:= byte_size(Text)),
    ok = zlib:inflateEnd(Z),
    zlib:close(Z),
    ok.

chunks(Z, {more, Out}, Acc) -> chunks(Z, zlib:inflateChunk(Z), [iolist_size(Out) | Acc]);
chunks(_, Out, Acc) -> lists:reverse([iolist_size(Out) | Acc]).
