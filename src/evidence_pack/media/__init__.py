"""Reading pictures: any image upright in sRGB, reduced as it is decoded, within a memory budget."""
