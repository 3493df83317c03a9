%% Direct-mode group leader: the io protocol server for standard_io, as
%% OTP's `user` behaves with -noshell when stdout is not a terminal
%% (encoding latin1: characters above 255 are written as \x{H}). Output
%% goes through an fd port on stdout, as user's does.
-module(girder_io).
-export([start/0, server/1]).

%% Returns once the server has opened its port: the program that boot
%% starts next finds it in erlang:ports(), as it finds user's on erl, even
%% when the server runs on another scheduler.
start() ->
    Pid = spawn(?MODULE, server, [self()]),
    catch register(user, Pid),
    receive {Pid, port_open} -> ok end,
    Pid.

server(Starter) ->
    put(encoding, latin1),
    put(port, open_port({fd, 0, 1}, [out, binary])),
    Starter ! {self(), port_open},
    loop().

loop() ->
    receive
        {io_request, From, ReplyAs, Request} ->
            Reply = request(Request),
            From ! {io_reply, ReplyAs, Reply},
            loop();
        _ ->
            loop()
    end.

request({put_chars, Enc, Chars}) -> put_chars(Enc, Chars);
request({put_chars, Enc, M, F, A}) ->
    case catch apply(M, F, A) of
        Data when is_list(Data); is_binary(Data) -> put_chars(Enc, Data);
        Other -> put_chars(latin1, Other)
    end;
request({put_chars, Chars}) -> put_chars(latin1, Chars);
request({put_chars, M, F, A}) -> request({put_chars, latin1, M, F, A});
request({requests, Reqs}) -> requests(Reqs, ok);
request({get_chars, _Enc, _Prompt, _N}) -> eof;
request({get_line, _Enc, _Prompt}) -> eof;
request({get_until, _Enc, _Prompt, _M, _F, _A}) -> eof;
request({get_chars, _Prompt, _N}) -> eof;
request({get_line, _Prompt}) -> eof;
request({get_until, _Prompt, _M, _F, _A}) -> eof;
request(getopts) -> [{binary, false}, {encoding, get(encoding)}];
request({setopts, Opts}) when is_list(Opts) -> setopts(Opts);
request({get_geometry, _}) -> {error, enotsup};
request(R) -> {error, {request, R}}.

requests([R | Rs], ok) -> requests(Rs, request(R));
requests([_ | _], Error) -> Error;
requests([], Status) -> Status.

setopts(Opts) ->
    case [E || {encoding, E} <- Opts] ++ [unicode || unicode <- Opts] ++ [latin1 || latin1 <- Opts] of
        [] -> ok;
        Encs -> put(encoding, lists:last(Encs)), ok
    end.

put_chars(unicode, Chars) ->
    case to_device(Chars) of
        error -> {error, put_chars};
        Bin -> write(Bin)
    end;
put_chars(latin1, Chars) ->
    case catch unicode:characters_to_binary(Chars, latin1, get(encoding)) of
        Bin when is_binary(Bin) -> write(Bin);
        _ -> {error, put_chars}
    end.

%% Unicode text to the device's encoding.
to_device(Chars) ->
    case get(encoding) of
        latin1 ->
            case catch unicode:characters_to_binary(Chars, unicode, latin1) of
                Bin when is_binary(Bin) -> Bin;
                _ ->
                    case catch unicode:characters_to_list(Chars, unicode) of
                        L when is_list(L) ->
                            list_to_binary([escape(C) || C <- L]);
                        _ -> error
                    end
            end;
        _ ->
            case catch unicode:characters_to_binary(Chars, unicode, unicode) of
                Bin when is_binary(Bin) -> Bin;
                _ -> error
            end
    end.

escape(C) when C > 255 -> ["\\x{", integer_to_list(C, 16), $}];
escape(C) -> C.

write(Bin) ->
    port_command(get(port), Bin),
    ok.
