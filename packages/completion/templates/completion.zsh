#compdef __PROG__
# __PROG__ completion for zsh (protocol __PROTOCOL__, __PROG__ __VERSION__)
# Written by '__PROG__ completion zsh'. Load it from a folder on $fpath (as the file ___PROG__) or
# source it after compinit. Every Tab runs '__PROG__ __complete WORDS...', which prints
# 'value<TAB>description' lines and a last line ':N' (1 error, 2 no space, 4 no file names,
# 8 extensions, 16 folders only, 32 keep order).

___PROG__() {
    local program=${(Q)words[1]} out last directive line value description
    [[ $program == '~/'* ]] && program=$HOME/${program#'~/'}
    local -a args lines items options
    # The words after the program up to the cursor, unquoted; the current one as typed so far.
    args=("${(@Q)words[2,CURRENT-1]}" "${(Q)PREFIX}")
    out=$("$program" __complete "${args[@]}" 2>/dev/null) || return 1
    lines=("${(@f)out}")
    last=${lines[-1]}
    [[ $last == :<-> ]] || return 1
    directive=${last#:}
    lines=("${(@)lines[1,-2]}")
    (( directive & 1 )) && return 1

    if (( directive & 8 )); then
        local -a extensions
        for line in "${lines[@]}"; do [[ -n $line ]] && extensions+=("${line%%$'\t'*}"); done
        _files -g "*.(${(j:|:)extensions})"
        return
    fi
    if (( directive & 16 )); then
        if [[ -n ${lines[1]} ]]; then _files -/ -W "${lines[1]%%$'\t'*}"; else _files -/; fi
        return
    fi

    for line in "${lines[@]}"; do
        [[ -z $line ]] && continue
        value=${line%%$'\t'*}
        description=
        [[ $line == *$'\t'* ]] && description=${line#*$'\t'}
        # Quote for the command line ourselves (compadd -Q below), so that a leading ~ stays one.
        if [[ $value == '~'* ]]; then value="~${(q)${value#\~}}"; else value=${(q)value}; fi
        # _describe reads backslashes as escapes (for ':'), so double them first.
        value=${value//\\/\\\\}
        items+=("${value//:/\\:}${description:+:$description}")
    done
    if (( ${#items} == 0 )); then
        (( directive & 4 )) && return 1
        _files
        return
    fi
    options=(-Q)
    (( directive & 2 )) && options+=(-S '')
    if (( directive & 32 )); then
        _describe -V -t __PROG__-values 'values' items "${options[@]}"
    else
        _describe -t __PROG__-values 'values' items "${options[@]}"
    fi
}

if [[ ${funcstack[1]} == ___PROG__ ]]; then
    # Autoloaded from $fpath: this file is the body of ___PROG__.
    ___PROG__ "$@"
else
    (( ${+functions[compdef]} )) || { autoload -Uz compinit && compinit; }
    compdef ___PROG__ __PROG__
fi
