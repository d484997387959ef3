# __PROG__ completion for fish (protocol __PROTOCOL__, __PROG__ __VERSION__)
# Written by '__PROG__ completion fish'. fish loads it from ~/.config/fish/completions/__PROG__.fish.
# Every Tab runs '__PROG__ __complete WORDS...', which prints 'value<TAB>description' lines and a
# last line ':N' (1 error, 2 no space, 4 no file names, 8 extensions, 16 folders only, 32 keep order).

function __FN___complete
    # The words before the cursor (fish 4 renamed --tokenize to --tokens-expanded) and the current one.
    set -l words (commandline -xpc 2>/dev/null; or commandline -opc)
    set -l current (commandline -ct)
    set -l program $words[1]
    set -e words[1]
    set -l out ($program __complete $words "$current" 2>/dev/null)
    or return
    set -l last $out[-1]
    string match -qr '^:[0-9]+$' -- "$last"; or return
    set -l directive (string sub -s 2 -- $last)
    set -e out[-1]
    test (math "bitand($directive, 1)") -ne 0; and return

    if test (math "bitand($directive, 8)") -ne 0
        for extension in $out
            __fish_complete_suffix "$current" .(string split -f1 \t -- $extension)
        end
        return
    end
    if test (math "bitand($directive, 16)") -ne 0
        if test -n "$out[1]"
            pushd (string split -f1 \t -- $out[1]); or return
            __fish_complete_directories "$current"
            popd
        else
            __fish_complete_directories "$current"
        end
        return
    end

    if test (count $out) -eq 0
        # Nothing to offer: fall back to file names unless told not to.
        test (math "bitand($directive, 4)") -ne 0; or __fish_complete_path "$current"
        return
    end
    printf '%s\n' $out
    # fish adds a space after a lone candidate unless it ends in / = @ : . , -; a twin with a dot
    # appended makes it stop at the common prefix instead.
    if test (math "bitand($directive, 2)") -ne 0; and test (count $out) -eq 1
        set -l value (string split -f1 \t -- $out[1])
        string match -qr '[/=@:.,-]$' -- $value; or printf '%s.\n' $value
    end
end

complete -c __PROG__ -e
complete -c __PROG__ -k -f -a '(__FN___complete)'
