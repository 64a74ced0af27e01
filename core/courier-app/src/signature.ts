/** A finger-drawn signature on a canvas, exported as PNG. */
export class SignaturePad {
  private drawing = false;
  private strokes = 0;

  constructor(private readonly canvas: HTMLCanvasElement) {
    const ratio = window.devicePixelRatio || 1;
    const rect = canvas.getBoundingClientRect();
    canvas.width = Math.round((rect.width || 300) * ratio);
    canvas.height = Math.round((rect.height || 150) * ratio);
    const ctx = this.ctx();
    ctx.scale(ratio, ratio);
    ctx.lineWidth = 2.5;
    ctx.lineCap = "round";
    ctx.strokeStyle = "#111";
    canvas.addEventListener("pointerdown", (e) => {
      this.drawing = true;
      this.strokes += 1;
      canvas.setPointerCapture(e.pointerId);
      ctx.beginPath();
      ctx.moveTo(e.offsetX, e.offsetY);
    });
    canvas.addEventListener("pointermove", (e) => {
      if (!this.drawing) return;
      ctx.lineTo(e.offsetX, e.offsetY);
      ctx.stroke();
    });
    const end = () => (this.drawing = false);
    canvas.addEventListener("pointerup", end);
    canvas.addEventListener("pointercancel", end);
  }

  private ctx(): CanvasRenderingContext2D {
    const ctx = this.canvas.getContext("2d");
    if (!ctx) throw new Error("no 2d canvas");
    return ctx;
  }

  isEmpty(): boolean {
    return this.strokes === 0;
  }

  clear(): void {
    this.ctx().clearRect(0, 0, this.canvas.width, this.canvas.height);
    this.strokes = 0;
  }

  toBlob(): Promise<Blob> {
    return new Promise((resolve, reject) =>
      this.canvas.toBlob((b) => (b ? resolve(b) : reject(new Error("toBlob failed"))), "image/png"),
    );
  }
}
