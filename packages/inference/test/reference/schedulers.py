"""Independent reference values for the scheduler unit tests.

Written from the published formulas (DDPM: Ho et al. 2020; DDIM: Song et al. 2021; Karras et al.
2022; LCM: Luo et al. 2023; zero-SNR rescaling: Lin et al. 2023) and the timestep-spacing rules
documented for diffusers' schedulers, in float64 numpy. It shares no code with the TypeScript
implementation. The tests read its output, committed beside it; regenerate after adding a case:
`python3 schedulers.py > schedulers.json`.
"""
import json
import math

import numpy as np

T = 1000
SD = dict(beta_start=0.00085, beta_end=0.012, beta_schedule="scaled_linear")


def betas(beta_start=0.0001, beta_end=0.02, beta_schedule="linear"):
    if beta_schedule == "linear":
        return np.linspace(beta_start, beta_end, T)
    if beta_schedule == "scaled_linear":
        return np.linspace(beta_start**0.5, beta_end**0.5, T) ** 2
    f = lambda t: math.cos((t + 0.008) / 1.008 * math.pi / 2) ** 2
    return np.array([min(1 - f((i + 1) / T) / f(i / T), 0.999) for i in range(T)])


def alphas_cumprod(zero_snr=False, **kw):
    a = np.cumprod(1.0 - betas(**kw))
    if zero_snr:
        s = np.sqrt(a)
        s0, sT = s[0], s[-1]
        s = (s - sT) * s0 / (s0 - sT)
        a = s**2
        a[-1] = 2.0**-24
    return a


def spaced(spacing, n, offset=0, integer=False):
    if spacing == "linspace":
        t = np.linspace(0, T - 1, n)[::-1]
        return np.round(t) if integer else t
    if spacing == "leading":
        return np.round(np.arange(n) * (T // n))[::-1] + offset
    ratio = T / n
    return np.round(T - np.arange(n) * ratio) - 1


def euler_sigmas(ac, spacing, n, offset=0, karras=False):
    train = np.sqrt((1 - ac) / ac)
    t = spaced(spacing, n, offset)
    s = np.interp(t, np.arange(T), train)
    if karras:
        rho = 7
        ramp = np.linspace(0, 1, n)
        s = (s[0] ** (1 / rho) + ramp * (s[-1] ** (1 / rho) - s[0] ** (1 / rho))) ** rho
        log_train = np.log(train)
        ts = []
        for sig in s:
            ls = math.log(sig)
            lo = max([i for i in range(T) if ls >= log_train[i]] or [0])
            lo = min(lo, T - 2)
            w = np.clip((log_train[lo] - ls) / (log_train[lo] - log_train[lo + 1]), 0, 1)
            ts.append((1 - w) * lo + w * (lo + 1))
        t = np.array(ts)
    return t, np.append(s, 0.0)


out = {}
ac_sd = alphas_cumprod(**SD)
out["alphas_cumprod"] = {
    "scaled_linear": [ac_sd[0], ac_sd[499], ac_sd[999]],
    "linear": [alphas_cumprod()[i] for i in (0, 499, 999)],
    "squaredcos_cap_v2": [alphas_cumprod(beta_schedule="squaredcos_cap_v2")[i] for i in (0, 499, 998)],
    "zero_snr": [alphas_cumprod(zero_snr=True, **SD)[i] for i in (0, 499, 999)],
}

for name, spacing, n, offset in [
    ("trailing_1", "trailing", 1, 1),
    ("trailing_4", "trailing", 4, 1),
    ("leading_5", "leading", 5, 1),
    ("linspace_4", "linspace", 4, 0),
]:
    t, s = euler_sigmas(ac_sd, spacing, n, offset)
    init = s.max() if spacing in ("linspace", "trailing") else math.sqrt(s.max() ** 2 + 1)
    out["euler_" + name] = {"timesteps": t.tolist(), "sigmas": s.tolist(), "init_noise_sigma": init}

t, s = euler_sigmas(ac_sd, "leading", 5, 1, karras=True)
out["euler_karras_5"] = {"timesteps": t.tolist(), "sigmas": s.tolist()}

# One Euler step at the second of 4 trailing steps, x = [1, -2], model output = [0.5, 0.25].
x = np.array([1.0, -2.0])
eps = np.array([0.5, 0.25])
_, s = euler_sigmas(ac_sd, "trailing", 4, 1)
sig, nxt = s[1], s[2]
x0_eps = x - sig * eps
x0_v = eps * (-sig / math.sqrt(sig**2 + 1)) + x / (sig**2 + 1)
out["euler_step"] = {
    "scaled_input": (x / math.sqrt(sig**2 + 1)).tolist(),
    "epsilon": (x + (x - x0_eps) / sig * (nxt - sig)).tolist(),
    "v_prediction": (x + (x - x0_v) / sig * (nxt - sig)).tolist(),
}
# Euler ancestral, same inputs, noise = [0.3, -0.7].
noise = np.array([0.3, -0.7])
up = math.sqrt(nxt**2 * (sig**2 - nxt**2) / sig**2)
down = math.sqrt(nxt**2 - up**2)
out["euler_ancestral_step"] = {
    "sigma_up": up,
    "sigma_down": down,
    "epsilon": (x + (x - x0_eps) / sig * (down - sig) + noise * up).tolist(),
}

# DDIM: leading spacing, 10 steps, steps_offset 1, set_alpha_to_one False; step at index 3.
t = spaced("leading", 10, 1, integer=True).astype(int)
cur, prev = t[3], t[3] - T // 10
a, ap = ac_sd[cur], ac_sd[prev]
x0 = (x - math.sqrt(1 - a) * eps) / math.sqrt(a)
out["ddim_leading_10"] = {
    "timesteps": t.tolist(),
    "epsilon": (math.sqrt(ap) * x0 + math.sqrt(1 - ap) * eps).tolist(),
}
x0v = math.sqrt(a) * x - math.sqrt(1 - a) * eps
ev = math.sqrt(a) * eps + math.sqrt(1 - a) * x
out["ddim_leading_10"]["v_prediction"] = (math.sqrt(ap) * x0v + math.sqrt(1 - ap) * ev).tolist()
# Last DDIM step: previous timestep < 0 uses ᾱ = 1 (set_alpha_to_one True) or ᾱ_0 (False).
t_last = t[-1]
a = ac_sd[t_last]
x0 = (x - math.sqrt(1 - a) * eps) / math.sqrt(a)
out["ddim_last"] = {
    "alpha_one": x0.tolist(),
    "alpha_zero": (math.sqrt(ac_sd[0]) * x0 + math.sqrt(1 - ac_sd[0]) * eps).tolist(),
    "clipped": (math.sqrt(ac_sd[0]) * np.clip(x0, -1, 1) + math.sqrt(1 - ac_sd[0]) * eps).tolist(),
}
# DDIM trailing and linspace timesteps.
out["ddim_trailing_3"] = spaced("trailing", 3, integer=True).astype(int).tolist()
out["ddim_linspace_4"] = spaced("linspace", 4, integer=True).astype(int).tolist()
out["trailing_16"] = spaced("trailing", 16, integer=True).astype(int).tolist()


# LCM: original 50 steps, k = 20.
def lcm_timesteps(n, strength=1.0, orig=50):
    k = T // orig
    grid = np.arange(1, int(orig * strength) + 1) * k - 1
    grid = grid[::-1]
    idx = np.floor(np.linspace(0, len(grid), n, endpoint=False)).astype(int)
    return grid[idx]


lt = lcm_timesteps(4)
out["lcm_4"] = lt.tolist()
out["lcm_4_strength_0.5"] = lcm_timesteps(4, 0.5).tolist()


def lcm_step(i, x, eps, noise, ts):
    t = ts[i]
    last = i == len(ts) - 1
    tp = t if last else ts[i + 1]
    a, ap = ac_sd[t], ac_sd[tp]
    st = t * 10.0
    c_skip = 0.25 / (st**2 + 0.25)
    c_out = st / math.sqrt(st**2 + 0.25)
    x0 = (x - math.sqrt(1 - a) * eps) / math.sqrt(a)
    den = c_out * x0 + c_skip * x
    return den if last else math.sqrt(ap) * den + math.sqrt(1 - ap) * noise, den


p1, d1 = lcm_step(1, x, eps, noise, lt)
p3, d3 = lcm_step(3, x, eps, noise, lt)
out["lcm_step"] = {"mid": p1.tolist(), "mid_denoised": d1.tolist(), "last": p3.tolist()}

# Image-to-image: Euler trailing, 4 steps at strength 0.5 runs the last 2; add_noise at σ of the first.
_, s = euler_sigmas(ac_sd, "trailing", 4, 1)
out["euler_img2img"] = {"timesteps": spaced("trailing", 4)[2:].tolist(), "sigmas": s[2:].tolist()}
a = ac_sd[499]
out["ddpm_add_noise_499"] = (math.sqrt(a) * x + math.sqrt(1 - a) * noise).tolist()

print(json.dumps(out, indent=1, default=float))
