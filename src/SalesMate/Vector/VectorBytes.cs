using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Numerics.Tensors;

namespace SalesMate.Vector;

/// <summary>Vectors as stored on <c>document_chunks.embedding</c> and <c>embedding_cache.vector</c>: little-endian float32.</summary>
public static class VectorBytes
{
    public static byte[] ToBytes(ReadOnlySpan<float> vector)
    {
        var bytes = new byte[vector.Length * sizeof(float)];
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.AsBytes(vector).CopyTo(bytes);
        }
        else
        {
            for (var i = 0; i < vector.Length; i++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), vector[i]);
            }
        }
        return bytes;
    }

    public static float[] ToFloats(byte[] bytes)
    {
        var vector = new float[bytes.Length / sizeof(float)];
        CopyTo(bytes, vector);
        return vector;
    }

    public static void CopyTo(ReadOnlySpan<byte> bytes, Span<float> destination)
    {
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.Cast<byte, float>(bytes).CopyTo(destination);
            return;
        }
        for (var i = 0; i < destination.Length; i++)
        {
            destination[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(i * sizeof(float))..]);
        }
    }

    /// <summary>Scales <paramref name="vector"/> to unit length in place, so a dot product is the cosine similarity.</summary>
    public static float[] Normalize(float[] vector)
    {
        var norm = TensorPrimitives.Norm<float>(vector);
        if (norm > 0 && Math.Abs(norm - 1f) > 1e-6f)
        {
            TensorPrimitives.Divide(vector, norm, vector);
        }
        return vector;
    }
}
