# __PROG__ completion for powershell (protocol __PROTOCOL__, __PROG__ __VERSION__)
# Written by '__PROG__ completion powershell'. Dot-source it from your $PROFILE.
# Every Tab runs '__PROG__ __complete WORDS...', which prints "value`tdescription" lines and a
# last line ':N' (1 error, 2 no space, 4 no file names, 8 extensions, 16 folders only, 32 keep order).

Register-ArgumentCompleter -Native -CommandName '__PROG__' -ScriptBlock {
    param($WordToComplete, $CommandAst, $CursorPosition)

    # The words up to the cursor, as typed; the one under the cursor cut at the cursor.
    $words = @()
    foreach ($element in $CommandAst.CommandElements) {
        $extent = $element.Extent
        if ($extent.StartOffset -gt $CursorPosition) { break }
        $text = $extent.Text
        if ($extent.EndOffset -gt $CursorPosition) {
            $text = $text.Substring(0, $CursorPosition - $extent.StartOffset)
        }
        if ($text.Length -ge 2 -and $text[0] -eq $text[-1] -and "'`"".Contains($text[0])) {
            $text = $text.Substring(1, $text.Length - 2)
        }
        $words += $text
    }
    if ($WordToComplete -eq '') { $words += '' }
    $program = $words[0]
    $arguments = @()
    foreach ($word in ($words | Select-Object -Skip 1)) {
        # Windows PowerShell and pwsh before 7.3 drop empty arguments to native programs.
        if ($word -eq '' -and $PSVersionTable.PSVersion -lt [version]'7.3') { $arguments += '""' }
        else { $arguments += $word }
    }

    $lines = @(& $program __complete @arguments 2>$null)
    if ($lines.Count -eq 0 -or $lines[-1] -notmatch '^:(\d+)$') { return }
    $directive = [int]$Matches[1]
    $candidates = @()
    if ($lines.Count -gt 1) { $candidates = $lines[0..($lines.Count - 2)] }
    if ($directive -band 1) { return }

    if (($directive -band 8) -or ($directive -band 16)) {
        # Extensions or folders only: list them from the file system.
        $pattern = "$WordToComplete*"
        $items = @(Get-ChildItem -Path $pattern -ErrorAction SilentlyContinue | Where-Object {
            $_.PSIsContainer -or (($directive -band 8) -and ($candidates | ForEach-Object { ($_ -split "`t")[0] }) -contains $_.Extension.TrimStart('.'))
        })
        foreach ($item in $items) {
            $name = if ($item.PSIsContainer) { "$($item.Name)/" } else { $item.Name }
            [System.Management.Automation.CompletionResult]::new($name, $name, 'ProviderItem', $name)
        }
        return
    }

    if ($candidates.Count -eq 0) {
        # Returning nothing lets PowerShell complete file names; an empty string stops it.
        if ($directive -band 4) { '' }
        return
    }
    foreach ($line in $candidates) {
        $value, $description = $line -split "`t", 2
        if (-not $description) { $description = $value }
        $insert = $value
        # '@' starts a splat in PowerShell, so the file-picker forms are quoted too.
        if ($insert -match '[\s''"`$(){}|;&<>@#,]') {
            $insert = "'" + ($insert -replace "'", "''") + "'"
        }
        if (-not ($directive -band 2) -and $candidates.Count -eq 1) { $insert = "$insert " }
        [System.Management.Automation.CompletionResult]::new($insert, $value, 'ParameterValue', $description)
    }
}
