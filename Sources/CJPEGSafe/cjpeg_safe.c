#include "cjpeg_safe.h"
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jpeglib.h>

struct safe_error {
    struct jpeg_error_mgr base;
    jmp_buf *jump;
    char *message;
    size_t message_size;
};

static void safe_error_exit(j_common_ptr info) {
    struct safe_error *error = (struct safe_error *)info->err;
    if (error->message && error->message_size) (*info->err->format_message)(info, error->message);
    longjmp(*error->jump, 1);
}

/* Warnings (corrupt data libjpeg can skip) are not printed to stderr. */
static void safe_output_message(j_common_ptr info) { (void)info; }

static void set_message(char *message, size_t size, const char *text) {
    if (message && size) {
        strncpy(message, text, size - 1);
        message[size - 1] = 0;
    }
}

int cjpeg_safe_thumbnail(const char *in_path, const char *out_path, int max_side, int quality, long long max_pixels,
                         int *out_width, int *out_height, char *message, size_t message_size) {
    if (message_size < JMSG_LENGTH_MAX) return -9;
    struct jpeg_decompress_struct in;
    struct jpeg_compress_struct out;
    struct safe_error in_error, out_error;
    /* volatile: these are changed after setjmp and read after a longjmp. */
    FILE *volatile source = NULL;
    FILE *volatile target = NULL;
    unsigned char *volatile pixels = NULL;
    unsigned char *volatile row = NULL;
    volatile int in_created = 0, out_created = 0;
    int status = 0;
    /* One jump target for both objects: setjmp may only stand alone in a condition. */
    jmp_buf jump;

    memset(&in, 0, sizeof in);
    memset(&out, 0, sizeof out);
    in.err = jpeg_std_error(&in_error.base);
    in_error.base.error_exit = safe_error_exit;
    in_error.base.output_message = safe_output_message;
    in_error.jump = &jump;
    in_error.message = message;
    in_error.message_size = message_size;
    out.err = jpeg_std_error(&out_error.base);
    out_error.base.error_exit = safe_error_exit;
    out_error.base.output_message = safe_output_message;
    out_error.jump = &jump;
    out_error.message = message;
    out_error.message_size = message_size;

    if (setjmp(jump)) {
        status = -1;
        goto done;
    }
    source = fopen(in_path, "rb");
    if (!source) { set_message(message, message_size, "cannot open the photo"); status = -2; goto done; }
    jpeg_create_decompress(&in);
    in_created = 1;
    jpeg_stdio_src(&in, source);
    jpeg_read_header(&in, TRUE);
    if (in.image_width == 0 || in.image_height == 0 || (long long)in.image_width * in.image_height > max_pixels) {
        set_message(message, message_size, "image dimensions out of limits");
        status = -3;
        goto done;
    }
    /* The smallest decode that is still at least max_side on its longer side. */
    unsigned int longer = in.image_width > in.image_height ? in.image_width : in.image_height;
    unsigned int denom = 1;
    while (denom < 8 && longer / (denom * 2) >= (unsigned int)max_side) denom *= 2;
    in.scale_num = 1;
    in.scale_denom = denom;
    in.out_color_space = JCS_RGB;
    jpeg_start_decompress(&in);
    unsigned int w = in.output_width, h = in.output_height;
    if (in.output_components != 3 || w == 0 || h == 0) {
        set_message(message, message_size, "unsupported colour layout");
        status = -4;
        goto done;
    }
    pixels = malloc((size_t)w * h * 3);
    if (!pixels) { set_message(message, message_size, "out of memory"); status = -5; goto done; }
    while (in.output_scanline < h) {
        JSAMPROW line = pixels + (size_t)in.output_scanline * w * 3;
        jpeg_read_scanlines(&in, &line, 1);
    }
    jpeg_finish_decompress(&in);

    /* Box-filter down to max_side on the longer side (or keep the size if already smaller). */
    unsigned int longest = w > h ? w : h;
    unsigned int tw = w, th = h;
    if (longest > (unsigned int)max_side) {
        tw = (unsigned int)((unsigned long long)w * max_side / longest);
        th = (unsigned int)((unsigned long long)h * max_side / longest);
        if (tw == 0) tw = 1;
        if (th == 0) th = 1;
    }
    row = malloc((size_t)tw * 3);
    if (!row) { set_message(message, message_size, "out of memory"); status = -5; goto done; }
    target = fopen(out_path, "wb");
    if (!target) { set_message(message, message_size, "cannot write the thumbnail"); status = -6; goto done; }
    jpeg_create_compress(&out);
    out_created = 1;
    jpeg_stdio_dest(&out, target);
    out.image_width = tw;
    out.image_height = th;
    out.input_components = 3;
    out.in_color_space = JCS_RGB;
    jpeg_set_defaults(&out);
    jpeg_set_quality(&out, quality, TRUE);
    jpeg_start_compress(&out, TRUE);
    for (unsigned int y = 0; y < th; y++) {
        unsigned int y0 = (unsigned int)((unsigned long long)y * h / th), y1 = (unsigned int)((unsigned long long)(y + 1) * h / th);
        if (y1 <= y0) y1 = y0 + 1;
        for (unsigned int x = 0; x < tw; x++) {
            unsigned int x0 = (unsigned int)((unsigned long long)x * w / tw), x1 = (unsigned int)((unsigned long long)(x + 1) * w / tw);
            if (x1 <= x0) x1 = x0 + 1;
            unsigned long long sum[3] = {0, 0, 0}, count = 0;
            for (unsigned int yy = y0; yy < y1 && yy < h; yy++)
                for (unsigned int xx = x0; xx < x1 && xx < w; xx++) {
                    const unsigned char *p = pixels + ((size_t)yy * w + xx) * 3;
                    sum[0] += p[0]; sum[1] += p[1]; sum[2] += p[2];
                    count++;
                }
            for (int c = 0; c < 3; c++) row[x * 3 + c] = (unsigned char)(count ? sum[c] / count : 0);
        }
        JSAMPROW line = row;
        jpeg_write_scanlines(&out, &line, 1);
    }
    jpeg_finish_compress(&out);
    if (out_width) *out_width = (int)tw;
    if (out_height) *out_height = (int)th;

done:
    if (out_created) jpeg_destroy_compress(&out);
    if (in_created) jpeg_destroy_decompress(&in);
    if (target) {
        if (fclose(target) != 0 && status == 0) { set_message(message, message_size, "cannot write the thumbnail"); status = -6; }
    }
    if (source) fclose(source);
    free(pixels);
    free(row);
    if (status != 0) remove(out_path);
    return status;
}
