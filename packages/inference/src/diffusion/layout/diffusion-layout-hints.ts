/** What to do with a folder or repo that is not a diffusers ONNX pipeline. */
export const EXPORT_HINT =
  "hftool runs the diffusers ONNX layout that Optimum exports (model_index.json, scheduler/, tokenizer/, text_encoder/, unet/, vae_decoder/, vae_encoder/). Pick a model from 'hftool models -t text-to-image', or export a PyTorch repo with 'optimum-cli export onnx --model <repo> <folder>'.";

/** What each ONNX component does, for messages about a missing one. */
export const COMPONENT_ROLES: Readonly<Record<string, string>> = {
  text_encoder: "the CLIP text encoder",
  text_encoder_2: "SDXL's second text encoder",
  unet: "the UNet (the denoiser)",
  vae_decoder: "the VAE decoder (latents → pixels)",
  vae_encoder: "the VAE encoder (pixels → latents), which image-to-image needs",
};

/** Weight files of a diffusers PyTorch component: present without `model.onnx`, the repo is no ONNX export. */
export const PYTORCH_WEIGHTS = [
  "diffusion_pytorch_model.safetensors",
  "diffusion_pytorch_model.fp16.safetensors",
  "model.safetensors",
  "model.fp16.safetensors",
  "diffusion_pytorch_model.bin",
];
